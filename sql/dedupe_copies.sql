-- How many copies a duplicated work has in this store (the 90th percentile of the records that
-- share a title in one venue, where more than one does): about the number of databases searched.
SELECT coalesce(quantile_disc(n, 0.9), 2) FROM (
    SELECT count(*) AS n FROM dedupe_norm WHERE title <> '' GROUP BY title, journal HAVING count(*) > 1
);
