-- A member's attendance across meetings, found by person: the last
-- organizational life of a member (member.self_withdrawal, store.lastLife)
-- of those without a meeting in the range's last thirteen months, without
-- indexing the whole attendance table again on each check.
CREATE INDEX attendance_person ON attendance (person_id, meeting_id);
