-- Promoted columns now hold what suppression matchers read (lib/ingest/promoted-fields.ts): Falco's
-- `<NA>` is no value, and a number or boolean is its text. Alerts stored before are brought in line,
-- so previews over history count them as ingest would match them.
UPDATE "alerts" SET
    "proc_name" = CASE WHEN "proc_name" = '<NA>' THEN NULL
        WHEN "proc_name" IS NULL AND jsonb_typeof("output_fields"->'proc.name') IN ('number', 'boolean') THEN "output_fields"->>'proc.name'
        ELSE "proc_name" END,
    "proc_exepath" = CASE WHEN "proc_exepath" = '<NA>' THEN NULL
        WHEN "proc_exepath" IS NULL AND jsonb_typeof("output_fields"->'proc.exepath') IN ('number', 'boolean') THEN "output_fields"->>'proc.exepath'
        ELSE "proc_exepath" END,
    "container_image" = CASE WHEN "container_image" = '<NA>' THEN NULL
        WHEN "container_image" IS NULL AND jsonb_typeof("output_fields"->'container.image.repository') IN ('number', 'boolean') THEN "output_fields"->>'container.image.repository'
        ELSE "container_image" END,
    "pod_name" = CASE WHEN "pod_name" = '<NA>' THEN NULL
        WHEN "pod_name" IS NULL AND jsonb_typeof("output_fields"->'k8s.pod.name') IN ('number', 'boolean') THEN "output_fields"->>'k8s.pod.name'
        ELSE "pod_name" END,
    "ka_user_name" = CASE WHEN "ka_user_name" = '<NA>' THEN NULL
        WHEN "ka_user_name" IS NULL AND jsonb_typeof("output_fields"->'ka.user.name') IN ('number', 'boolean') THEN "output_fields"->>'ka.user.name'
        ELSE "ka_user_name" END
WHERE '<NA>' IN ("proc_name", "proc_exepath", "container_image", "pod_name", "ka_user_name")
   OR ("proc_name" IS NULL AND jsonb_typeof("output_fields"->'proc.name') IN ('number', 'boolean'))
   OR ("proc_exepath" IS NULL AND jsonb_typeof("output_fields"->'proc.exepath') IN ('number', 'boolean'))
   OR ("container_image" IS NULL AND jsonb_typeof("output_fields"->'container.image.repository') IN ('number', 'boolean'))
   OR ("pod_name" IS NULL AND jsonb_typeof("output_fields"->'k8s.pod.name') IN ('number', 'boolean'))
   OR ("ka_user_name" IS NULL AND jsonb_typeof("output_fields"->'ka.user.name') IN ('number', 'boolean'));
