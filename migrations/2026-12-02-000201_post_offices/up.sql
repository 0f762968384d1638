-- Điều 10.1 offices as post rules (DESIGN 2.4 rule 6): a post may carry an office tag, and a
-- rule table says which office decides which. The rule follows the post: a new holder of an
-- office needs no new assignment. Tags are validated by the API against the known list.
ALTER TABLE people ADD COLUMN office TEXT;
ALTER TABLE post_history ADD COLUMN office TEXT;
CREATE INDEX people_office ON people (office) WHERE office IS NOT NULL;

-- One rule per office: its holder is decided by the holder of the first office of `decided_by`
-- someone holds; an empty list means the office is evaluated outside the system (by the
-- central level). Editable by operators (PUT /evaluator-rules).
CREATE TABLE evaluator_rules (
    office     TEXT PRIMARY KEY,
    decided_by TEXT[] NOT NULL DEFAULT '{}',
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by UUID
);

-- Seeded with Điều 10.1 of the regulation (same table as domain::chain::default_post_rules).
INSERT INTO evaluator_rules (office, decided_by) VALUES
    ('bi_thu_thanh_uy', '{}'),
    ('pho_bi_thu_thuong_truc', '{}'),
    ('chu_tich_hdnd_tp', '{}'),
    ('chu_tich_ubnd_tp', '{}'),
    ('truong_doan_dbqh', '{}'),
    ('pho_truong_doan_dbqh', '{bi_thu_thanh_uy,truong_doan_dbqh}'),
    ('dbqh_chuyen_trach', '{bi_thu_thanh_uy,truong_doan_dbqh}'),
    ('truong_ban_dang', '{pho_bi_thu_thuong_truc}'),
    ('chanh_van_phong_thanh_uy', '{pho_bi_thu_thuong_truc}'),
    ('truong_mttq_doan_the', '{pho_bi_thu_thuong_truc}'),
    ('bi_thu_quan_uy', '{pho_bi_thu_thuong_truc}'),
    ('bi_thu_dang_uy_khoi', '{pho_bi_thu_thuong_truc}'),
    ('pho_chu_tich_hdnd_tp', '{chu_tich_hdnd_tp}'),
    ('truong_ban_hdnd', '{chu_tich_hdnd_tp}'),
    ('chanh_van_phong_doan_dbqh_hdnd', '{chu_tich_hdnd_tp}'),
    ('pho_chu_tich_ubnd_tp', '{chu_tich_ubnd_tp}'),
    ('giam_doc_so', '{chu_tich_ubnd_tp}');
