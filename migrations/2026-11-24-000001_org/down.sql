DROP TABLE people;
DROP TABLE units;
