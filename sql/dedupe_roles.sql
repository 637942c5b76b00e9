-- The representative of a study with a publication is that publication; its copies are
-- duplicates of it.
UPDATE cluster_members SET role = CASE
        WHEN role IN ('notice', 'companion') THEN role
        WHEN record_id IN (SELECT representative FROM clusters WHERE retired_at IS NULL) THEN 'publication'
        ELSE 'duplicate' END
WHERE role IS DISTINCT FROM CASE
        WHEN role IN ('notice', 'companion') THEN role
        WHEN record_id IN (SELECT representative FROM clusters WHERE retired_at IS NULL) THEN 'publication'
        ELSE 'duplicate' END;
