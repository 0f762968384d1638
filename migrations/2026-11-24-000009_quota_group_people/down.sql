DROP TABLE quota_group_people;
