package roster

import (
	"fmt"
	"slices"

	"zhibu"
)

// Check adds the problems that need the target branch, after Parse: a 党小组
// that groups (group name → group org id) does not have (for a known one it
// sets Person.GroupID), an ID number that an earlier row of the file already
// has, and an ID number already stored: existing is called once, with every
// ID number of the file, and returns those it has (nil skips the check).
// It then orders the problems by row and returns Sheet.Problems.Err(). An
// error from existing is returned as it is. Call Check once.
func (s *Sheet) Check(groups map[string]int64, existing func(ids []string) (map[string]bool, error)) error {
	s.checkGroups(groups)
	ids := s.checkDuplicates()
	if err := s.checkExisting(ids, existing); err != nil {
		return err
	}
	slices.SortStableFunc(s.Problems, func(a, b zhibu.Problem) int { return a.Row - b.Row })
	return s.Problems.Err()
}

func (s *Sheet) checkGroups(groups map[string]int64) {
	for i := range s.Rows {
		r := &s.Rows[i]
		if r.GroupName == "" {
			continue
		}
		if id, ok := groups[r.GroupName]; ok {
			r.Person.GroupID = id
			continue
		}
		s.Problems = append(s.Problems, rowProblem(r.Line, colGroup, "本支部没有名为“"+r.GroupName+"”的党小组"))
	}
}

// checkDuplicates reports each ID number that an earlier row has too, and
// returns the file's ID numbers, each once.
func (s *Sheet) checkDuplicates() []string {
	first := make(map[string]int, len(s.Rows))
	ids := make([]string, 0, len(s.Rows))
	for _, r := range s.Rows {
		id := r.Person.IDNumber
		if id == "" {
			continue
		}
		if line, ok := first[id]; ok {
			s.Problems = append(s.Problems, rowProblem(r.Line, colIDNumber, fmt.Sprintf("%s与第%d行重复", id, line)))
			continue
		}
		first[id] = r.Line
		ids = append(ids, id)
	}
	return ids
}

func (s *Sheet) checkExisting(ids []string, existing func(ids []string) (map[string]bool, error)) error {
	if existing == nil || len(ids) == 0 {
		return nil
	}
	found, err := existing(ids)
	if err != nil {
		return err
	}
	for _, r := range s.Rows {
		if id := r.Person.IDNumber; id != "" && found[id] {
			s.Problems = append(s.Problems, rowProblem(r.Line, colIDNumber, id+"已在系统中登记，不能重复导入"))
		}
	}
	return nil
}
