-- The distribution of each measure (counts per duration bucket) is kept per day that is over, like
-- the daily medians: counting buckets over a 90-day window per request cost as much as the sort.
-- Stored days are marked stale so that they are worked out again with their buckets.
ALTER TABLE analytics_days ADD COLUMN buckets integer[] NOT NULL DEFAULT '{}';
UPDATE analytics_days SET fresh = false, generation = generation + 1;
