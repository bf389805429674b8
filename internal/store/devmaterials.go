package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"zhibu"
	"zhibu/internal/audit"
)

// The materials of development files: scans and photos of a step's
// documents (入党申请书, 政治审查报告 …), checked by their content as meeting
// attachments are (pictures and PDFs only) and sealed with the data key
// under the person's id.

const (
	// MaxDevMaterials is how many files one development file may hold.
	MaxDevMaterials        = 100
	devMaterialSealContext = "dev_materials.data:"
)

const devMaterialColumns = `m.id, m.person_id, m.step, m.name, m.filename, m.content_type, m.size, m.created_at`

func scanDevMaterial(row interface{ Scan(...any) error }, m *zhibu.DevMaterial, extra ...any) error {
	var at timeScan
	if err := row.Scan(append([]any{&m.ID, &m.PersonID, &m.Step, &m.Name, &m.Filename, &m.ContentType, &m.Size, &at}, extra...)...); err != nil {
		return err
	}
	m.CreatedAt = at.t.UTC()
	return nil
}

// DevMaterials lists the materials of a person's file (without their
// data), by step; none for a person outside the actor's scope.
func (s *Store) DevMaterials(ctx context.Context, personID int64) ([]zhibu.DevMaterial, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+devMaterialColumns+` FROM dev_materials m WHERE m.person_id = $1
		ORDER BY m.step, m.created_at, m.id`, personID)
	if err != nil {
		return nil, fmt.Errorf("dev materials: %w", err)
	}
	defer rows.Close()
	out := []zhibu.DevMaterial{}
	for rows.Next() {
		var m zhibu.DevMaterial
		if err := scanDevMaterial(rows, &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DevMaterial returns one material of a person's file with its data, opened.
func (s *Store) DevMaterial(ctx context.Context, personID, id int64) (zhibu.DevMaterial, []byte, error) {
	if _, err := s.Person(ctx, personID); err != nil {
		return zhibu.DevMaterial{}, nil, err
	}
	var m zhibu.DevMaterial
	var sealed []byte
	err := scanDevMaterial(s.db.QueryRowContext(ctx, `SELECT `+devMaterialColumns+`, m.data FROM dev_materials m
		WHERE m.id = $1 AND m.person_id = $2`, id, personID), &m, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return zhibu.DevMaterial{}, nil, notFound("材料")
	}
	if err != nil {
		return zhibu.DevMaterial{}, nil, fmt.Errorf("dev material %d: %w", id, err)
	}
	plain, err := s.box.Open(string(sealed), devMaterialSealContext+strconv.FormatInt(personID, 10))
	if err != nil {
		return zhibu.DevMaterial{}, nil, fmt.Errorf("dev material %d: %w", id, err)
	}
	return m, []byte(plain), nil
}

// AddDevMaterials uploads files as material name of step n of a person's
// file: all of them or none. The actor needs zhibu.PermDevelop on the
// person's branch. Audited as "dev.material.upload".
func (s *Store) AddDevMaterials(ctx context.Context, personID int64, step int, name string, files []NewAttachment) ([]zhibu.DevMaterial, error) {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return nil, err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermDevelop, p.OrgPath) {
		return nil, errDevForbidden
	}
	var ps zhibu.Problems
	if !zhibu.ValidMaterial(step, name) {
		ps.Add("material", "材料", "请选择步骤清单中的材料")
	}
	if len(files) == 0 {
		ps = append(ps, zhibu.Problem{Field: "files", Label: "附件", Message: "附件：请选择要上传的文件"})
	}
	ps = append(ps, CheckAttachments(files)...)
	if len(ps) > 0 {
		return nil, ps
	}
	out := make([]zhibu.DevMaterial, 0, len(files))
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var locked int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id = $1`+s.dialect.forUpdate(), p.ID).Scan(&locked); err != nil {
			return err
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM dev_materials WHERE person_id = $1`, p.ID).Scan(&have); err != nil {
			return err
		}
		if have+len(files) > MaxDevMaterials {
			return zhibu.Problems{{Field: "files", Label: "附件", Message: "附件：每份发展档案最多" + strconv.Itoa(MaxDevMaterials) +
				"个文件，已有" + strconv.Itoa(have) + "个"}}
		}
		now := s.stamp()
		for _, f := range files {
			m := zhibu.DevMaterial{PersonID: p.ID, Step: step, Name: name, Filename: CleanAttachmentName(f.Filename),
				ContentType: AttachmentType(f.Data), Size: int64(len(f.Data)), CreatedAt: now}
			sealed := s.box.Seal(string(f.Data), devMaterialSealContext+strconv.FormatInt(p.ID, 10))
			if err := tx.QueryRowContext(ctx, `INSERT INTO dev_materials (person_id, step, name, filename, content_type, size, data, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, m.PersonID, m.Step, m.Name, m.Filename, m.ContentType, m.Size,
				[]byte(sealed), now).Scan(&m.ID); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, Event{Action: audit.DevMaterialUp, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10),
				OrgPath: p.OrgPath, Result: "ok", Detail: p.Name + "发展档案第" + strconv.Itoa(step) + "步上传“" + name + "”：" + m.Filename +
					"（" + m.ContentType + "，" + strconv.FormatInt(m.Size, 10) + "字节）"}); err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		var ps zhibu.Problems
		if errors.As(err, &ps) {
			return nil, ps
		}
		return nil, fmt.Errorf("add dev materials: %w", err)
	}
	return out, nil
}

// DeleteDevMaterial removes a material of a person's file; audited as
// "dev.material.delete".
func (s *Store) DeleteDevMaterial(ctx context.Context, personID, id int64) error {
	p, err := s.Person(ctx, personID)
	if err != nil {
		return err
	}
	if !zhibu.ActorFrom(ctx).Can(zhibu.PermDevelop, p.OrgPath) {
		return errDevForbidden
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var m zhibu.DevMaterial
		err := scanDevMaterial(tx.QueryRowContext(ctx, `SELECT `+devMaterialColumns+` FROM dev_materials m WHERE m.id = $1 AND m.person_id = $2`,
			id, p.ID), &m)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("材料")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dev_materials WHERE id = $1`, m.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, Event{Action: audit.DevMaterialDel, ObjectType: "person", ObjectID: strconv.FormatInt(p.ID, 10),
			OrgPath: p.OrgPath, Result: "ok", Detail: p.Name + "发展档案第" + strconv.Itoa(m.Step) + "步删除“" + m.Name + "”：" + m.Filename})
	})
}
