package zhibu

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Gender as the roster writes it.
type Gender string

const (
	Male   Gender = "男"
	Female Gender = "女"
)

// PartyStatus is where a person stands on the road to membership (政治面貌).
type PartyStatus string

const (
	Masses       PartyStatus = "masses"       // 群众
	Applicant    PartyStatus = "applicant"    // 入党申请人
	Activist     PartyStatus = "activist"     // 入党积极分子
	Candidate    PartyStatus = "candidate"    // 发展对象
	Probationary PartyStatus = "probationary" // 预备党员
	FullMember   PartyStatus = "full"         // 正式党员
)

// PartyStatuses in the order a person passes through them.
var PartyStatuses = []PartyStatus{Masses, Applicant, Activist, Candidate, Probationary, FullMember}

// Label is the status's Chinese name.
func (s PartyStatus) Label() string {
	switch s {
	case Masses:
		return "群众"
	case Applicant:
		return "入党申请人"
	case Activist:
		return "入党积极分子"
	case Candidate:
		return "发展对象"
	case Probationary:
		return "预备党员"
	case FullMember:
		return "正式党员"
	}
	return string(s)
}

// ParsePartyStatus reads a status from its Chinese name (or code name);
// common variants such as 中共党员 and 中共预备党员 are accepted.
func ParsePartyStatus(s string) (PartyStatus, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "中共党员", "党员", "中国共产党党员":
		return FullMember, true
	case "中共预备党员":
		return Probationary, true
	case "积极分子":
		return Activist, true
	case "共青团员", "团员":
		// A youth league member is, for the party, not yet an applicant.
		return Masses, true
	}
	for _, x := range PartyStatuses {
		if s == x.Label() || s == string(x) {
			return x, true
		}
	}
	return "", false
}

// rank orders statuses; Valid statuses rank 0..5.
func (s PartyStatus) rank() int {
	for i, x := range PartyStatuses {
		if s == x {
			return i
		}
	}
	return -1
}

// Valid reports whether s is a known status.
func (s PartyStatus) Valid() bool { return s.rank() >= 0 }

// IsMember reports whether s is a party member (full or probationary).
func (s PartyStatus) IsMember() bool { return s == Probationary || s == FullMember }

// AtLeast reports whether s has reached stage t.
func (s PartyStatus) AtLeast(t PartyStatus) bool { return s.rank() >= t.rank() }

// Educations are the 学历 values the roster accepts.
var Educations = []string{"博士研究生", "硕士研究生", "大学本科", "大学专科", "中等专科", "高中", "初中及以下"}

// ParseEducation reads an education level, accepting common short forms
// (本科, 大专, 研究生, 中专).
func ParseEducation(s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return "", true
	case "博士":
		return "博士研究生", true
	case "硕士", "研究生":
		return "硕士研究生", true
	case "本科":
		return "大学本科", true
	case "大专", "专科":
		return "大学专科", true
	case "中专":
		return "中等专科", true
	case "初中", "小学":
		return "初中及以下", true
	}
	for _, e := range Educations {
		if s == e {
			return e, true
		}
	}
	return "", false
}

// Ethnicities are China's 56 ethnic groups, 汉族 first.
var Ethnicities = strings.Fields(`汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族
土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族
柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族
怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族
门巴族 珞巴族 基诺族`)

// ParseEthnicity reads an ethnicity, accepting the name without 族 (汉, 维吾尔).
func ParseEthnicity(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, e := range Ethnicities {
		if s == e || s+"族" == e {
			return e, true
		}
	}
	return "", false
}

// Person is anyone the branch tracks: officers, members, applicants.
type Person struct {
	ID          int64       `json:"id"`
	Name        string      `json:"name"`
	Gender      Gender      `json:"gender"`
	Ethnicity   string      `json:"ethnicity"`
	BirthDate   Date        `json:"birth_date"`
	IDNumber    string      `json:"id_number"`
	Phone       string      `json:"phone,omitempty"`
	Unit        string      `json:"unit,omitempty"` // 大队/室
	Officer     bool        `json:"officer"`        // 民警
	Education   string      `json:"education,omitempty"`
	Status      PartyStatus `json:"status"`
	AppliedOn   Date        `json:"applied_on,omitempty"`   // 入党申请日期
	ActivistOn  Date        `json:"activist_on,omitempty"`  // 确定积极分子日期
	CandidateOn Date        `json:"candidate_on,omitempty"` // 确定发展对象日期
	AdmittedOn  Date        `json:"admitted_on,omitempty"`  // 入党日期 (assembly vote)
	ConfirmedOn Date        `json:"confirmed_on,omitempty"` // 转正日期
	OrgID       int64       `json:"org_id"`
	OrgName     string      `json:"org_name,omitempty"`
	OrgPath     string      `json:"-"`                  // where the person sits: their group's path, or their org's; permissions on it apply
	GroupID     int64       `json:"group_id,omitempty"` // 0: in no group
	GroupName   string      `json:"group_name,omitempty"`
	JoinedOn    Date        `json:"joined_on,omitempty"` // joined the current org (and group); today when created if not given
	LeftOn      Date        `json:"left_on,omitzero"`    // transferred out of zhibu on this day: off the roster, history kept
}

// Left reports whether the person has left zhibu's roster through a
// transfer to an org outside it.
func (p Person) Left() bool { return !p.LeftOn.IsZero() }

// PartyAge is the whole years of membership counted from confirmation (党章 art.7).
func (p Person) PartyAge(on Date) int {
	if p.ConfirmedOn.IsZero() || p.ConfirmedOn.After(on) {
		return 0
	}
	return p.ConfirmedOn.YearsSince(on)
}

// stage pairs a status with the date on which a person reached it.
type stage struct {
	status PartyStatus
	field  string
	label  string
	date   Date
}

func (p Person) stages() []stage {
	return []stage{
		{Applicant, "applied_on", "入党申请日期", p.AppliedOn},
		{Activist, "activist_on", "确定积极分子日期", p.ActivistOn},
		{Candidate, "candidate_on", "确定发展对象日期", p.CandidateOn},
		{Probationary, "admitted_on", "入党日期", p.AdmittedOn},
		{FullMember, "confirmed_on", "转正日期", p.ConfirmedOn},
	}
}

// Normalize tidies what users type: spaces, the ID's check character, the
// short forms of ethnicity and education, and an empty status (群众).
func (p *Person) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.IDNumber = NormalizeIDNumber(p.IDNumber)
	p.Phone = strings.ReplaceAll(strings.TrimSpace(p.Phone), " ", "")
	p.Unit = strings.TrimSpace(p.Unit)
	if e, ok := ParseEthnicity(p.Ethnicity); ok {
		p.Ethnicity = e
	}
	if e, ok := ParseEducation(p.Education); ok {
		p.Education = e
	}
	if p.Status == "" {
		p.Status = Masses
	}
}

// Validate checks every field of p as of today and reports each problem:
// the ID number's check digit and its agreement with the birth date and
// gender, the dates of each stage reached (present, in order, none in the
// future, application at 18 or older, confirmation at least a year after
// admission), and no date for a stage not reached.
func (p Person) Validate(today Date) error {
	var ps Problems
	switch n := utf8.RuneCountInString(strings.TrimSpace(p.Name)); {
	case n == 0:
		ps.Add("name", "姓名", "不能为空")
	case n > 30:
		ps.Add("name", "姓名", "不能超过30个字")
	}
	if p.Gender != Male && p.Gender != Female {
		ps.Add("gender", "性别", "应为“男”或“女”")
	}
	if _, ok := ParseEthnicity(p.Ethnicity); !ok {
		ps.Add("ethnicity", "民族", "“"+p.Ethnicity+"”不是有效的民族名称")
	}
	birthOK := false
	switch {
	case p.BirthDate.IsZero():
		ps.Add("birth_date", "出生日期", "不能为空")
	case !p.BirthDate.Valid():
		ps.Add("birth_date", "出生日期", "不是有效日期")
	case p.BirthDate.After(today):
		ps.Add("birth_date", "出生日期", "不能晚于今天")
	case p.BirthDate.YearsSince(today) > 120:
		ps.Add("birth_date", "出生日期", "早于120年前，请核对")
	default:
		birthOK = true
	}
	if p.IDNumber == "" {
		ps.Add("id_number", "身份证号", "不能为空")
	} else if msg := IDNumberProblem(p.IDNumber); msg != "" {
		ps.Add("id_number", "身份证号", msg)
	} else {
		if b, _ := IDBirthDate(p.IDNumber); birthOK && b != p.BirthDate {
			ps.Add("id_number", "身份证号", "其中的出生日期（"+b.String()+"）与出生日期栏（"+p.BirthDate.String()+"）不一致")
		}
		if g := IDGender(p.IDNumber); (p.Gender == Male || p.Gender == Female) && g != p.Gender {
			ps.Add("id_number", "身份证号", "第17位表示性别为“"+string(g)+"”，与性别栏不一致")
		}
	}
	if p.Phone != "" && !validPhone(p.Phone) {
		ps.Add("phone", "手机号", "应为11位手机号码（1开头）或带区号的固定电话")
	}
	if utf8.RuneCountInString(p.Unit) > 40 {
		ps.Add("unit", "单位", "不能超过40个字")
	}
	if _, ok := ParseEducation(p.Education); !ok {
		ps.Add("education", "学历", "应为"+strings.Join(Educations, "、")+"之一")
	}
	if !p.Status.Valid() {
		ps.Add("status", "政治面貌", "应为群众、入党申请人、入党积极分子、发展对象、预备党员或正式党员")
		return ps.Err()
	}
	p.validateStages(today, birthOK, &ps)
	switch {
	case p.JoinedOn.IsZero():
	case !p.JoinedOn.Valid():
		ps.Add("joined_on", "转入本组织日期", "不是有效日期")
	case p.JoinedOn.After(today):
		ps.Add("joined_on", "转入本组织日期", "不能晚于今天")
	case birthOK && p.JoinedOn.Before(p.BirthDate):
		ps.Add("joined_on", "转入本组织日期", "不能早于出生日期")
	}
	return ps.Err()
}

func (p Person) validateStages(today Date, birthOK bool, ps *Problems) {
	var prev stage
	for _, s := range p.stages() {
		reached := p.Status.AtLeast(s.status)
		switch {
		case reached && s.date.IsZero():
			ps.Add(s.field, s.label, "政治面貌为“"+p.Status.Label()+"”时不能为空")
			continue
		case !reached && !s.date.IsZero():
			ps.Add(s.field, s.label, "政治面貌为“"+p.Status.Label()+"”时不应填写")
			continue
		case s.date.IsZero():
			continue
		case !s.date.Valid():
			ps.Add(s.field, s.label, "不是有效日期")
			continue
		case s.date.After(today):
			ps.Add(s.field, s.label, "不能晚于今天")
		case !prev.date.IsZero() && s.date.Before(prev.date):
			ps.Add(s.field, s.label, "不能早于"+prev.label+"（"+prev.date.String()+"）")
		}
		if s.status == Applicant && birthOK && p.BirthDate.AddYears(18).After(s.date) {
			ps.Add(s.field, s.label, "申请入党时应年满18岁")
		}
		if s.status == FullMember && !p.AdmittedOn.IsZero() && s.date.Before(p.AdmittedOn.AddYears(1)) {
			ps.Add(s.field, s.label, "预备期为一年，转正日期不能早于"+p.AdmittedOn.AddYears(1).String())
		}
		prev = s
	}
}

func validPhone(s string) bool {
	if len(s) == 11 && s[0] == '1' && isDigits(s) {
		return true
	}
	// A landline with its area code: 0991-1234567 or 09911234567.
	d := strings.Replace(s, "-", "", 1)
	return len(d) >= 10 && len(d) <= 12 && d[0] == '0' && isDigits(d)
}

func itoa(n int) string { return strconv.Itoa(n) }

// PersonFilter selects people on a roster.
type PersonFilter struct {
	Status  PartyStatus // "" for all; "member" handled by Members
	Members bool        // only full and probationary members
	GroupID int64       // -1 for "in no group"
	Unit    string
	Officer *bool
	Query   string // name or the end of the ID number
	Left    bool   // only the people who left the org through a transfer out of zhibu (the roster shows the others)
	Limit   int
	Offset  int
}

// Move is one change of a person's org or group, kept as history.
type Move struct {
	ID        int64  `json:"id"`
	PersonID  int64  `json:"person_id"`
	OrgID     int64  `json:"org_id"`
	OrgName   string `json:"org_name"`
	GroupID   int64  `json:"group_id,omitempty"`
	GroupName string `json:"group_name,omitempty"`
	StartOn   Date   `json:"start_on"`
	EndOn     Date   `json:"end_on,omitempty"`
	Reason    string `json:"reason,omitempty"`
}
