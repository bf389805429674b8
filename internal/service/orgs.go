package service

import (
	"context"
	"errors"
	"strings"

	"zhibu"
	"zhibu/internal/store"
)

// Orgs builds the org tree: the top-level committee of a fresh
// installation (the system administrator, zhibu.PermOrgFound) and the orgs
// under it (those who manage the parent). The web form, the API and
// `zhibu org add` all create orgs here, so they refuse the same input with
// the same Chinese messages.
type Orgs struct {
	store *store.Store
}

// NewOrg is an org to create as a door reads it: the parent by id (a form,
// the API) or by code (the CLI); neither for a top-level committee.
type NewOrg struct {
	zhibu.Org
	ParentCode string
}

// Create checks and records a new org. A parent code that does not name
// an org the actor sees is a problem of the field 上级组织, like an id.
func (s *Orgs) Create(ctx context.Context, in NewOrg) (zhibu.Org, error) {
	o := in.Org
	o.Code, o.Name = strings.TrimSpace(o.Code), strings.TrimSpace(o.Name)
	var ps zhibu.Problems
	if code := strings.TrimSpace(in.ParentCode); code != "" {
		parent, err := s.store.OrgByCode(ctx, code)
		switch {
		case errors.Is(err, zhibu.ErrNotFound):
			ps.Add("parent_id", "上级组织", "组织代码“"+code+"”不存在")
		case err != nil:
			return zhibu.Org{}, err
		default:
			o.ParentID = parent.ID
		}
	}
	if o.ParentID == 0 && len(ps) == 0 && o.Kind != zhibu.KindCommittee && o.Kind.Valid() {
		ps.Add("parent_id", "上级组织", "只有党委可以没有上级组织")
	}
	if err := o.Validate(); err != nil {
		var vs zhibu.Problems
		if !errors.As(err, &vs) {
			return zhibu.Org{}, err
		}
		ps = append(ps, vs...)
	}
	if err := ps.Err(); err != nil {
		return zhibu.Org{}, err
	}
	if o.ParentID == 0 && !zhibu.ActorFrom(ctx).Can(zhibu.PermOrgFound, "") {
		return zhibu.Org{}, zhibu.Errorf(zhibu.ErrForbidden, "无权创建顶级组织：只有系统管理员可以在新安装的系统中建立顶级党委")
	}
	return s.store.CreateOrg(ctx, o)
}
