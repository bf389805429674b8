package web

import (
	"net/http"
	"strconv"
	"strings"

	"zhibu"
	"zhibu/internal/rules"
)

// Recording and voiding a step from the file page's forms: the handlers
// decode the form and call the development service, which decides.

// devStepBranch is POST /people/{id}/development/steps: a step of the branch.
func (s *server) devStepBranch(w http.ResponseWriter, r *http.Request) error {
	return s.devStep(w, r, false)
}

// devStepSuperior is POST /people/{id}/development/approvals: a step of the
// superior committee.
func (s *server) devStepSuperior(w http.ResponseWriter, r *http.Request) error {
	return s.devStep(w, r, true)
}

func (s *server) devStep(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := formFrom(r.PostForm)
	var ps zhibu.Problems
	rec := zhibu.DevRecord{Note: f["note"], Outcome: zhibu.DevOutcome(f["outcome"])}
	rec.Step, _ = strconv.Atoi(f["step"])
	if !zhibu.ValidDevStep(rec.Step) {
		ps.Add("step", "步骤", "请选择要记录的步骤")
	}
	if rec.Outcome == "" {
		rec.Outcome = zhibu.OutcomeDone
	}
	var def zhibu.DevStepDef
	if zhibu.ValidDevStep(rec.Step) {
		def = zhibu.DevSteps[rec.Step]
	}
	if def.Vote || def.Committee {
		mid, pos, _ := strings.Cut(f["vote"], ":")
		rec.MeetingID = formID(mid)
		rec.Resolution, _ = strconv.Atoi(pos)
	}
	switch {
	case def.Vote:
		if rec.MeetingID == 0 {
			ps.Add("vote", "支部大会表决", "请选择作出决议的支部党员大会和表决事项")
		}
	case def.Committee && rec.MeetingID != 0:
		// The committee's meeting dates the step.
	default:
		rec.On = f.date("on", "日期", &ps)
		if rec.On.IsZero() && ps.For("on") == "" {
			ps.Add("on", "日期", "不能为空")
		}
	}
	for _, k := range []string{"person1", "person2", "person3"} {
		if pid := formID(f[k]); pid != 0 {
			rec.People = append(rec.People, pid)
		}
	}
	num := func(name, label string) int {
		if f[name] == "" {
			return 0
		}
		n, err := strconv.Atoi(f[name])
		if err != nil || n < 0 || n > 1000 {
			ps.Add(name, label, "应为0至1000之间的整数")
		}
		return n
	}
	rec.Days, rec.Hours, rec.Months = num("days", "培训天数"), num("hours", "培训学时"), num("months", "延长月数")
	rec.Special = f["special"] == "true"
	render := func(status int, ps zhibu.Problems) error {
		if superior {
			return s.devFileRender(w, r, status, id, form{}, f, ps)
		}
		return s.devFileRender(w, r, status, id, f, form{}, ps)
	}
	if len(ps) > 0 {
		return render(http.StatusUnprocessableEntity, ps)
	}
	record := s.svc.Development.RecordStep
	if superior {
		record = s.svc.Development.RecordApproval
	}
	saved, err := record(r.Context(), id, rec)
	if err != nil {
		if !invalid(err) {
			return err
		}
		// The vote's field names the form's one select.
		ps := problemsOf(err)
		for i := range ps {
			if ps[i].Field == "meeting_id" || ps[i].Field == "resolution" {
				ps[i].Field = "vote"
			}
			if ps[i].Field == "people" {
				ps[i].Field = "person1"
			}
		}
		return render(http.StatusUnprocessableEntity, ps)
	}
	flash := "已记录" + zhibu.DevSteps[saved.Step].Label() + "（" + saved.On.String() + "）"
	if saved.Outcome == zhibu.OutcomeFailed {
		flash += "：表决未通过（" + rules.VoteText(saved.Votes) + "），已记为未通过"
	}
	return redirect(w, r, devHref(id), flash)
}

// devVoidBranch is POST /people/{id}/development/steps/void (record=ID):
// the latest record, a step of the branch, voided.
func (s *server) devVoidBranch(w http.ResponseWriter, r *http.Request) error {
	return s.devVoid(w, r, false)
}

// devVoidSuperior is POST /people/{id}/development/approvals/void: the
// latest record, a step of the superior, voided.
func (s *server) devVoidSuperior(w http.ResponseWriter, r *http.Request) error {
	return s.devVoid(w, r, true)
}

func (s *server) devVoid(w http.ResponseWriter, r *http.Request, superior bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rid := formID(r.PostForm.Get("record"))
	if rid == 0 {
		return zhibu.Errorf(zhibu.ErrInvalid, "请指定要撤销的记录")
	}
	void := s.svc.Development.VoidLastStep
	if superior {
		void = s.svc.Development.VoidLastApproval
	}
	voided, err := void(r.Context(), id, rid)
	if err != nil {
		if invalid(err) {
			return s.devFileRender(w, r, http.StatusUnprocessableEntity, id, form{}, form{}, problemsOf(err))
		}
		return err
	}
	return redirect(w, r, devHref(id)+"#steps", "已撤销"+voided.Def().Label()+"（"+voided.On.String()+"）")
}
