// Package zhibu holds the vocabulary of a party branch's workbench: the
// organization tree, people and their party status, committees and groups,
// and the error kinds every layer shares. The store, the web handlers, the
// CLI and the rules all speak these types; none of them is defined twice.
package zhibu

import (
	"errors"
	"strings"
)

// Error kinds. Test with errors.Is.
var (
	ErrNotFound  = errors.New("not found")
	ErrInvalid   = errors.New("invalid")
	ErrConflict  = errors.New("conflict")
	ErrForbidden = errors.New("forbidden")
)

// Error is an error with a kind and a message a user may read (in Chinese).
type Error struct {
	Kind    error  // one of the Err* kinds
	Message string // shown to the user, zh-CN
}

// Errorf makes an *Error of the given kind with a user message.
func Errorf(kind error, message string) *Error { return &Error{Kind: kind, Message: message} }

func (e *Error) Error() string { return e.Kind.Error() + ": " + e.Message }
func (e *Error) Unwrap() error { return e.Kind }

// Problem is one thing wrong with user input. Row is the 1-based row of an
// imported sheet (0 for forms and API calls); Field is the input's code name,
// Label its Chinese name; Message is a full Chinese sentence that names the
// field (and the row, where there is one).
type Problem struct {
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field,omitempty"`
	Label   string `json:"label,omitempty"`
	Message string `json:"message"`
}

// Problems is every problem found in one piece of input. It is an error of
// kind ErrInvalid; a nil or empty Problems is no error (see Err).
type Problems []Problem

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, x := range p {
		msgs[i] = x.Message
	}
	return "invalid: " + strings.Join(msgs, "；")
}

// Is reports Problems as ErrInvalid.
func (p Problems) Is(target error) bool { return target == ErrInvalid }

// Add records a problem with a field, its Chinese label and what is wrong.
func (p *Problems) Add(field, label, what string) {
	*p = append(*p, Problem{Field: field, Label: label, Message: label + "：" + what})
}

// Err returns p as an error, or nil when there are no problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// For returns the message of the first problem with the given field, for
// showing it beside a form input.
func (p Problems) For(field string) string {
	for _, x := range p {
		if x.Field == field {
			return x.Message
		}
	}
	return ""
}

// UserMessage is what a user is shown for err: the Chinese message of an
// invalid input, a conflict or a missing object, or "内部错误" for anything
// else (which the caller must log).
func UserMessage(err error) string {
	var ps Problems
	if errors.As(err, &ps) {
		msgs := make([]string, len(ps))
		for i, x := range ps {
			msgs[i] = x.Message
		}
		return strings.Join(msgs, "；")
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return "未找到该记录"
	case errors.Is(err, ErrForbidden):
		return "无权进行此操作"
	}
	return "内部错误"
}
