-- Half of each page of models is left free, so that rewriting every row (a bulk edit of the whole registry, an
-- import) writes each row's new version beside the old one: a heap-only (HOT) update, with no new entry in any of
-- the table's indexes (none of which a status edit touches). Full pages made every such update also insert into
-- three indexes: at 100,000 models, 0.9 s more and 500,000 WAL records instead of 100,000 (issue 17, P8). The
-- table takes twice the pages (77 MB → 155 MB at 100,000 models). Pages written before this keep their fill until
-- their rows move.
ALTER TABLE "models" SET (fillfactor = 50);
