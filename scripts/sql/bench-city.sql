-- A city at Hanoi's scale for the benchmarks (scripts/bench-org): 6,170
-- units (a city, 59 districts of 101 departments, and one large district "BIG" of 150
-- departments) and 207,765 people with their post history.
INSERT INTO units (code, name, level, bloc) VALUES ('HN', 'Thành phố Hà Nội', 'city', 'government');
INSERT INTO units (code, name, level, bloc, parent_id)
SELECT 'D' || d, 'Quận/huyện ' || d, 'district', 'government', (SELECT id FROM units WHERE code = 'HN')
FROM generate_series(1, 59) d;
INSERT INTO units (code, name, level, bloc, parent_id)
SELECT u.code || '-P' || p, 'Phòng ' || p || ' ' || u.name, 'department', 'government', u.id
FROM units u CROSS JOIN generate_series(1, 101) p WHERE u.level = 'district';
INSERT INTO people (external_id, full_name, unit_id, position_category, position_title, form_code)
SELECT 'E' || u.code || '-' || n,
       (ARRAY['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi'])[1 + (n % 8)] || ' ' ||
       (ARRAY['Văn','Thị','Đức','Minh','Thu'])[1 + (n % 5)] || ' ' ||
       (ARRAY['An','Bình','Cường','Dung','Giang','Hà','Hạnh','Hùng','Lan','Linh'])[1 + ((n * 7 + length(u.code)) % 10)],
       u.id,
       CASE WHEN n = 1 THEN 'head' WHEN n <= 3 THEN 'deputy' ELSE 'staff' END,
       CASE WHEN n = 1 THEN 'Trưởng phòng' WHEN n <= 3 THEN 'Phó Trưởng phòng' ELSE 'Chuyên viên' END,
       CASE WHEN n <= 3 THEN 12 ELSE 15 END
FROM units u CROSS JOIN generate_series(1, 34) n WHERE u.level = 'department';
INSERT INTO people (external_id, full_name, unit_id, position_category, position_title, form_code)
SELECT 'H' || u.code, 'Chủ tịch ' || u.name, u.id, 'head', 'Chủ tịch', 9 FROM units u WHERE u.level = 'district';
-- A large district of 5,100 people (150 departments of 34) with a decided November.
INSERT INTO units (code, name, level, bloc, parent_id)
SELECT 'BIG', 'Quận lớn', 'district', 'government', id FROM units WHERE code = 'HN';
INSERT INTO units (code, name, level, bloc, parent_id)
SELECT 'BIG-P' || p, 'Phòng ' || p, 'department', 'government', u.id
FROM units u CROSS JOIN generate_series(1, 150) p WHERE u.code = 'BIG';
INSERT INTO people (external_id, full_name, unit_id, position_category, position_title, form_code)
SELECT 'B' || u.code || '-' || n, 'Cán bộ ' || u.code || ' số ' || n, u.id,
       CASE WHEN n = 1 THEN 'head' WHEN n <= 3 THEN 'deputy' ELSE 'staff' END,
       CASE WHEN n = 1 THEN 'Trưởng phòng' WHEN n <= 3 THEN 'Phó Trưởng phòng' ELSE 'Chuyên viên' END,
       CASE WHEN n <= 3 THEN 12 ELSE 15 END
FROM units u CROSS JOIN generate_series(1, 34) n WHERE u.code LIKE 'BIG-P%';
INSERT INTO post_history (person_id, unit_id, position_category, position_title, form_code)
SELECT id, unit_id, position_category, position_title, form_code FROM people;
