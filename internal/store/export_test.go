package store

import "context"

// SetReadPool sets the read pool's sizes (the tail benchmark compares
// settings in one run).
func SetReadPool(s *Store, open, idle int) {
	s.db.SetMaxOpenConns(open)
	s.db.SetMaxIdleConns(idle)
}

// ReadPoolClosed is how many read connections the pool closed because too
// many were idle, and how many waits for a connection it counted.
func ReadPoolClosed(s *Store) (idleClosed, waits int64) {
	st := s.db.Stats()
	return st.MaxIdleClosed, st.WaitCount
}

// ReadInt runs a query of one integer on the read pool (s.db), as every
// read does.
func ReadInt(ctx context.Context, s *Store, text string, args ...any) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, text, args...).Scan(&n)
	return n, err
}
