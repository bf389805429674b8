package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"zhibu"
)

// Every exported write of the store checks the actor's right itself, with
// the permission the route table asks for that write, on the object's org,
// as the first thing it does (docs/security.md, "Rights in the store"). The
// helpers below are those checks. An object outside the actor's scope is
// not found (the store's reads hide it); an object inside it without the
// right is refused with zhibu.ErrForbidden. zhibu.System may do everything.

// forbidden is the refusal of a write the actor has no right to.
func forbidden(what string) error {
	return zhibu.Errorf(zhibu.ErrForbidden, "无权"+what)
}

// canOrg checks that the actor of ctx holds perm on the org id; id 0 asks
// for perm system-wide (an org at the top of the tree).
func (s *Store) canOrg(ctx context.Context, perm zhibu.Perm, id int64, what string) error {
	a := zhibu.ActorFrom(ctx)
	if id == 0 {
		if !a.Can(perm, "") {
			return forbidden(what)
		}
		return nil
	}
	o, err := s.Org(ctx, id)
	if err != nil {
		return err
	}
	if !a.Can(perm, o.Path) {
		return forbidden(what)
	}
	return nil
}

// canTarget is canOrg for an org named in the input as where something
// goes (a parent, a destination, the org of a new record). An org not
// given passes, and so does one that does not exist for an actor who sees
// every org, for the write's own validation to refuse it with its problem
// ("上级组织：不存在"); for any other actor it is not found, as it may only be
// hidden. Nothing is written either way.
func (s *Store) canTarget(ctx context.Context, perm zhibu.Perm, id int64, what string) error {
	if id == 0 {
		return nil
	}
	err := s.canOrg(ctx, perm, id, what)
	if errors.Is(err, zhibu.ErrNotFound) && zhibu.ActorFrom(ctx).Scope.All {
		return nil
	}
	return err
}

// canPerson checks that the actor of ctx holds perm where person id sits
// (their group, or their org).
func (s *Store) canPerson(ctx context.Context, perm zhibu.Perm, id int64, what string) error {
	p, err := s.Person(ctx, id)
	if err != nil {
		return err
	}
	if !zhibu.ActorFrom(ctx).Can(perm, p.OrgPath) {
		return forbidden(what)
	}
	return nil
}

// canMeeting checks that the actor of ctx holds perm on the org holding
// meeting id.
func (s *Store) canMeeting(ctx context.Context, perm zhibu.Perm, id int64, what string) error {
	m, _, err := s.Meeting(ctx, id)
	if err != nil {
		return err
	}
	return s.canOrg(ctx, perm, m.OrgID, what)
}

// canSaveMeeting checks the right to write meeting m: on the org it is
// saved to, and, for a meeting already stored, on the org holding it.
func (s *Store) canSaveMeeting(ctx context.Context, m zhibu.Meeting) error {
	if m.ID != 0 {
		if err := s.canMeeting(ctx, zhibu.PermMeetingWrite, m.ID, "修改该会议"); err != nil {
			return err
		}
	}
	return s.canTarget(ctx, zhibu.PermMeetingWrite, m.OrgID, "录入该组织的会议")
}

// canUpload checks the right to drop the held upload token: one of the
// rights that may upload a file (the roster's, the register's, the dues')
// on the org it was uploaded for. An unknown token is no error: there is
// nothing to drop.
func (s *Store) canUpload(ctx context.Context, token string) error {
	var orgID int64
	err := s.db.QueryRowContext(ctx, `SELECT org_id FROM uploads WHERE token = $1`, token).Scan(&orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("upload: %w", err)
	}
	o, err := s.Org(ctx, orgID)
	if err != nil {
		return err
	}
	a := zhibu.ActorFrom(ctx)
	for _, u := range uploadKinds {
		if a.Can(u.perm, o.Path) {
			return nil
		}
	}
	return forbidden("处理该上传文件")
}

// canMoveOrg checks the right to move org id under newParent: on the org
// and on its new parent.
func (s *Store) canMoveOrg(ctx context.Context, id, newParent int64) error {
	if err := s.canOrg(ctx, zhibu.PermOrgManage, id, "调整该组织"); err != nil {
		return err
	}
	return s.canTarget(ctx, zhibu.PermOrgManage, newParent, "将组织调至该上级组织下")
}

// canMovePerson checks the right to move person id to org: where they sit
// and where they go.
func (s *Store) canMovePerson(ctx context.Context, id, org int64) error {
	if err := s.canPerson(ctx, zhibu.PermPeopleWrite, id, "调动该人员"); err != nil {
		return err
	}
	return s.canTarget(ctx, zhibu.PermPeopleWrite, org, "将人员调入该组织")
}

// canMeetingsBulk checks the right to write the meetings of a batch, on
// each org it names, before the batch is checked row by row.
func (s *Store) canMeetingsBulk(ctx context.Context, recs []MeetingRecord) error {
	seen := map[int64]bool{}
	for _, r := range recs {
		if id := r.Meeting.OrgID; !seen[id] {
			seen[id] = true
			if err := s.canTarget(ctx, zhibu.PermMeetingWrite, id, "登记该组织的会议"); err != nil {
				return err
			}
		}
	}
	return nil
}

// canDuesBatch checks the right to write the dues of each person of a
// batch, before the batch is checked row by row. A person who does not
// exist is left to the row's problem for an actor who sees everyone.
func (s *Store) canDuesBatch(ctx context.Context, b zhibu.DuesBatch) error {
	ids := make([]int64, 0, len(b.Bases)+len(b.Payments))
	for _, x := range b.Bases {
		ids = append(ids, x.PersonID)
	}
	for _, x := range b.Payments {
		ids = append(ids, x.PersonID)
	}
	seen := map[int64]bool{}
	all := zhibu.ActorFrom(ctx).Scope.All
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		err := s.canPerson(ctx, zhibu.PermDuesWrite, id, "登记该党员的党费")
		if errors.Is(err, zhibu.ErrNotFound) && all {
			continue
		}
		if err != nil {
			return err
		}
	}
	return nil
}
