package store

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
