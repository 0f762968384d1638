DROP INDEX people_name_id_idx;
