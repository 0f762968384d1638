DROP INDEX people_one_head_per_unit;
