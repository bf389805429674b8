package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"zhibu"
	"zhibu/internal/access"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// decode reads the JSON object in r's body into a T. The body must be
// application/json (UTF-8), at most maxBody bytes, one object, with no
// member T lacks and no two keys of an object that differ only in case. Every fault is an ErrInvalid error whose message a client
// can show; faults of single members are Problems naming the member.
func decode[T any](w http.ResponseWriter, r *http.Request) (T, error) {
	var v T
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return v, withStatus{http.StatusUnsupportedMediaType, invalid("请求体应为 JSON，Content-Type 须为 application/json")}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return v, withStatus{http.StatusUnsupportedMediaType, invalid("请求体应为 UTF-8 编码的 JSON")}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return v, withStatus{http.StatusRequestEntityTooLarge, invalid("请求体不能超过 1 MiB")}
	case err != nil:
		return v, invalid("读取请求体失败")
	case !utf8.Valid(body):
		return v, invalid("请求体应为 UTF-8 编码的 JSON")
	}
	// encoding/json matches keys case-insensitively and keeps the last of
	// two that differ only in case; the access check would judge another.
	if key, ok := access.DuplicateKey(body); ok {
		return v, access.DuplicateKeyError(key)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return v, bodyError[T](body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return v, invalid("请求体只能包含一个 JSON 对象")
	}
	return v, nil
}

// bodyError explains why body did not decode into a T.
func bodyError[T any](body []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return invalid("请求体不能为空")
	case errors.As(err, &syntax):
		return invalid(fmt.Sprintf("请求体不是有效的 JSON（第 %d 个字节附近）", syntax.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("请求体不是完整的 JSON")
	case errors.As(err, &typ) && typ.Field == "":
		return invalid("请求体应为 JSON 对象")
	}
	if ps := memberProblems[T](body); len(ps) > 0 {
		return ps
	}
	return invalid("请求体格式不正确")
}

// memberProblems decodes each member of the JSON object body on its own
// into a fresh T and reports every member that fails. encoding/json stops
// at the first error and names the member only for type errors, not for
// an error from UnmarshalText (a zhibu.Date such as "2018-02-30"); this
// finds and names them all.
func memberProblems[T any](body []byte) zhibu.Problems {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var ps zhibu.Problems
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		one, err := json.Marshal(map[string]json.RawMessage{key: raw})
		if err != nil {
			break
		}
		d := json.NewDecoder(bytes.NewReader(one))
		d.DisallowUnknownFields()
		var v T
		if err := d.Decode(&v); err != nil {
			ps = append(ps, memberProblem(key, err))
		}
	}
	return ps
}

// memberProblem says what is wrong with the member key, given the error of
// decoding it alone.
func memberProblem(key string, err error) zhibu.Problem {
	// Of the types in request bodies only zhibu.Date and zhibu.Month
	// implement UnmarshalText, so an error that is neither a type error nor
	// an unknown member comes from a date or a month.
	what := "日期格式不正确，应为有效日期，如“2018-07-01”"
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ):
		what = "类型不正确，应为" + typeName(typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		what = "本接口不接受此字段"
	case strings.Contains(err.Error(), " month "):
		what = "月份格式不正确，应为有效月份，如“2026-03”" // zhibu.Month
	}
	return zhibu.Problem{Field: key, Message: "字段 " + key + "：" + what}
}

// typeName is the Chinese name of the JSON value that t takes.
func typeName(t reflect.Type) string {
	if t == reflect.TypeFor[zhibu.Date]() {
		return "日期字符串，如“2018-07-01”"
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "布尔值（true 或 false）"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "数组"
	}
	return "对象"
}

// pathID reads the {id} of the path: a positive integer in its plain
// form. Anything else names no record of the noun what (组织, 人员).
func pathID(r *http.Request, what string) (int64, error) {
	s := r.PathValue("id")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0, zhibu.Errorf(zhibu.ErrNotFound, "未找到该"+what)
	}
	return n, nil
}

// params reads query parameters, collecting a problem for each bad one.
type params struct {
	q  url.Values
	ps zhibu.Problems
}

func (p *params) bad(name, what string) {
	p.ps = append(p.ps, zhibu.Problem{Field: name, Message: "参数 " + name + "：" + what})
}

// int reads an integer in [lo, hi]; 0 when the parameter is absent. want
// says what the parameter should be, for the problem.
func (p *params) int(name string, lo, hi int64, want string) int64 {
	s := p.q.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		p.bad(name, want)
		return 0
	}
	return n
}

// bool reads 1/0 (or true/false); nil when the parameter is absent.
func (p *params) bool(name string) *bool {
	s := p.q.Get(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		p.bad(name, "应为 1 或 0")
		return nil
	}
	return &b
}
