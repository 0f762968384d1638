-- A city at Hanoi's scale for the benchmarks (DESIGN.md §1: about 6,000 units and 200,000
-- people), deterministic from the psql variable `seed`: every id is derived from it, every draw
-- is a hash of it, so the same seed gives the same database, row for row.
--
--   city "HN"; 38 agencies in the four blocs (20 government "S", 10 party "B", 2 elected "E",
--   6 front "M") of `agency_departments` departments each (12); `districts` districts "D<n>"
--   (government) of 20 departments and `communes` communes "D<n>-X<c>" of 7 departments each;
--   and one large agency "BIG" of `big_departments` departments of 34 people (150: 5,100 people,
--   the summary and publication benchmarks).
--   Departments hold a head, two deputies and staff; agencies, districts and communes their own
--   head and two deputies.
-- Everyone has an account (username = external id in lower case, the password hash given in
-- `password_hash`). Written with INSERT … SELECT from generate_series: the rows are made inside
-- the server, which is what COPY would save us (no client round trip per row).
\set ON_ERROR_STOP 1
CREATE FUNCTION pg_temp.bid(kind TEXT, key TEXT) RETURNS UUID
  LANGUAGE sql IMMUTABLE AS $$ SELECT md5(current_setting('bench.seed') || ':' || kind || ':' || key)::uuid $$;
\o /dev/null
SELECT set_config('bench.seed', :'seed', false);
\o

INSERT INTO units (id, code, name, level, bloc)
VALUES (pg_temp.bid('unit', 'HN'), 'HN', 'Thành phố Hà Nội', 'city', 'government');
INSERT INTO units (id, code, name, level, bloc, parent_id)
SELECT pg_temp.bid('unit', a.code), a.code, a.name, 'agency', a.bloc, pg_temp.bid('unit', 'HN')
FROM (
  SELECT 'S' || n AS code, 'Sở ' || n AS name, 'government' AS bloc FROM generate_series(1, 20) n
  UNION ALL SELECT 'B' || n, 'Ban Đảng ' || n, 'party' FROM generate_series(1, 10) n
  UNION ALL SELECT 'E' || n, 'Cơ quan dân cử ' || n, 'elected' FROM generate_series(1, 2) n
  UNION ALL SELECT 'M' || n, 'Mặt trận, đoàn thể ' || n, 'front' FROM generate_series(1, 6) n
  UNION ALL SELECT 'BIG', 'Sở lớn', 'government'
) a;
INSERT INTO units (id, code, name, level, bloc, parent_id)
SELECT pg_temp.bid('unit', 'D' || d), 'D' || d, 'Quận/huyện ' || d, 'district', 'government', pg_temp.bid('unit', 'HN')
FROM generate_series(1, :districts) d;
INSERT INTO units (id, code, name, level, bloc, parent_id)
SELECT pg_temp.bid('unit', u.code || '-X' || c), u.code || '-X' || c, 'Xã/phường ' || c || ' ' || u.name,
       'commune', 'government', u.id
FROM units u CROSS JOIN generate_series(1, :communes) c WHERE u.level = 'district';
INSERT INTO units (id, code, name, level, bloc, parent_id)
SELECT pg_temp.bid('unit', u.code || '-P' || p), u.code || '-P' || p, 'Phòng ' || p || ' ' || u.name,
       'department', u.bloc, u.id
FROM units u
CROSS JOIN LATERAL generate_series(1, CASE u.level WHEN 'agency' THEN :agency_departments WHEN 'district' THEN 20 WHEN 'commune' THEN 7 ELSE 0 END) p
WHERE u.code <> 'BIG';
INSERT INTO units (id, code, name, level, bloc, parent_id)
SELECT pg_temp.bid('unit', 'BIG-P' || p), 'BIG-P' || p, 'Phòng ' || p || ' Sở lớn', 'department', 'government', pg_temp.bid('unit', 'BIG')
FROM generate_series(1, :big_departments) p;

-- Department members: 40 in agencies and districts, 36 in communes, 34 in BIG.
INSERT INTO people (id, external_id, full_name, unit_id, position_category, position_title, form_code)
SELECT pg_temp.bid('person', 'E' || u.code || '-' || n), 'E' || u.code || '-' || n,
       (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi','Đỗ','Ngô'])[1 + abs(hashtext(:'seed' || u.code || n)) % 10] || ' ' ||
       (ARRAY['Văn','Thị','Đức','Minh','Thu','Quang','Ngọc'])[1 + abs(hashtext(:'seed' || n || u.code)) % 7] || ' ' ||
       (ARRAY['An','Bình','Cường','Dung','Giang','Hà','Hạnh','Hùng','Lan','Linh','Mai','Nam','Phương','Quân','Sơn','Tâm','Thảo','Trang','Tuấn','Yến'])[1 + abs(hashtext(u.code || :'seed' || n)) % 20],
       u.id,
       CASE WHEN n = 1 THEN 'head' WHEN n <= 3 THEN 'deputy' WHEN n % 12 = 0 THEN 'contract' ELSE 'staff' END,
       CASE WHEN n = 1 THEN 'Trưởng phòng' WHEN n <= 3 THEN 'Phó Trưởng phòng' WHEN n % 12 = 0 THEN 'Nhân viên hợp đồng' ELSE 'Chuyên viên' END,
       CASE WHEN n <= 3 THEN 12 WHEN n % 12 = 0 THEN 17 ELSE 15 END
FROM units u
JOIN units parent ON parent.id = u.parent_id
CROSS JOIN LATERAL generate_series(1, CASE WHEN parent.code = 'BIG' THEN 34 WHEN parent.level = 'commune' THEN 36 ELSE 40 END) n
WHERE u.level = 'department';
-- Leaders of agencies, districts and communes.
INSERT INTO people (id, external_id, full_name, unit_id, position_category, position_title, form_code)
SELECT pg_temp.bid('person', 'L' || u.code || '-' || n), 'L' || u.code || '-' || n,
       CASE WHEN n = 1 THEN 'Thủ trưởng ' ELSE 'Cấp phó ' || n - 1 || ' ' END || u.name,
       u.id, CASE WHEN n = 1 THEN 'head' ELSE 'deputy' END,
       CASE WHEN n = 1 THEN 'Thủ trưởng' ELSE 'Cấp phó' END, CASE WHEN n = 1 THEN 9 ELSE 10 END
FROM units u CROSS JOIN generate_series(1, 3) n WHERE u.level IN ('agency', 'district', 'commune');
INSERT INTO post_history (person_id, unit_id, position_category, position_title, form_code)
SELECT id, unit_id, position_category, position_title, form_code FROM people;

INSERT INTO accounts (id, username, password_hash, person_id, must_change_password, password_changed_at)
SELECT pg_temp.bid('account', p.external_id), lower(p.external_id), :'password_hash', p.id, false, now()
FROM people p;
