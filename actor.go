package zhibu

import "context"

// Actor is who is acting on a request or a command, and the part of the
// org tree they may act on. Every store query that lists or reads records
// is scoped by the actor's Scope.
type Actor struct {
	PersonID int64  // 0 for the system itself (CLI, migrations, demo)
	Name     string // for logs and history
	Scope    Scope
}

// Scope is the set of subtrees an actor may see: org paths such as "/1/5/".
// An empty Paths with All false sees nothing.
type Scope struct {
	All   bool
	Paths []string
}

// Covers reports whether an org with the given path is inside the scope.
func (s Scope) Covers(path string) bool {
	if s.All {
		return true
	}
	for _, p := range s.Paths {
		if len(path) >= len(p) && path[:len(p)] == p {
			return true
		}
	}
	return false
}

// System is the actor of the CLI and of local administration: it sees the
// whole tree.
var System = Actor{Name: "系统", Scope: Scope{All: true}}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries; a context without one carries an
// actor that sees nothing.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}
