DROP TABLE rank_counts;
