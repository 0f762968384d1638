DROP TABLE plan_comments;
DROP TABLE plan_items;
