ALTER TABLE evaluations DROP COLUMN form_extension;
DROP TABLE unit_form_extensions;
