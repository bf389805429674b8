-- A search of one kind reads that kind's index rows newest first, so a
-- word rare in the kind reads the kind's rows rather than the whole index
-- (at M on PostgreSQL: 148 ms for 党费 among activities, scanning all
-- 98,000 rows backwards, before this index).
CREATE INDEX search_docs_kind ON search_docs (kind, id);
CREATE INDEX search_letters_kind ON search_letters (kind, id);
