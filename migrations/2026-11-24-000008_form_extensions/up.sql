-- A unit's extension of a criteria form: detailed sub-criteria and its list of deductions
-- (DESIGN 2.1). An evaluation keeps the extension it was created with.
CREATE TABLE unit_form_extensions (
    unit_id    UUID NOT NULL REFERENCES units (id),
    form_code  SMALLINT NOT NULL CHECK (form_code BETWEEN 1 AND 19),
    extension  JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by UUID,
    PRIMARY KEY (unit_id, form_code)
);
ALTER TABLE evaluations ADD COLUMN form_extension JSONB;
