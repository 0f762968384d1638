-- A unit (or department) has one head at a time: being head carries the unit head's powers.
CREATE UNIQUE INDEX people_one_head_per_unit ON people (unit_id) WHERE position_category = 'head' AND active;
