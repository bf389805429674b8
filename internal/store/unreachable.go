package store

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// UnreachableMessage is what a user is told while the database cannot be
// reached.
const UnreachableMessage = "数据库暂时无法连接，请稍后再试（如持续出现，请联系系统管理员）"

// Unreachable reports whether err means the database cannot be
// reached (PostgreSQL restarting, the network down) rather than a fault
// of the request or of zhibu: the connection failed, was refused, reset
// or closed. The doors answer it with 503 and UnreachableMessage.
func Unreachable(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"failed to connect", "conn closed", "connection reset", "connection refused", "broken pipe", "unexpected EOF"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
