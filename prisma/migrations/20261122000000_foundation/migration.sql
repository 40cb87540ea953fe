CREATE TYPE "priority" AS ENUM ('debug', 'informational', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency');
CREATE TYPE "segment" AS ENUM ('tenant', 'unassigned', 'host');

CREATE TABLE "clusters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "clusters_name_key" ON "clusters"("name");

CREATE TABLE "ingest_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "cluster_id" UUID NOT NULL,
    "label" TEXT,
    "token_hash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(6),
    "revoked_at" TIMESTAMPTZ(6),
    CONSTRAINT "ingest_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ingest_tokens_token_hash_key" ON "ingest_tokens"("token_hash");
CREATE INDEX "ingest_tokens_cluster_id_idx" ON "ingest_tokens"("cluster_id");

CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");

CREATE TABLE "tenant_namespaces" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "cluster_pattern" TEXT NOT NULL,
    "namespace_pattern" TEXT NOT NULL,
    CONSTRAINT "tenant_namespaces_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "tenant_namespaces_tenant_id_cluster_pattern_namespace_pattern_key" ON "tenant_namespaces"("tenant_id", "cluster_pattern", "namespace_pattern");

CREATE TABLE "cluster_namespaces" (
    "cluster_id" UUID NOT NULL,
    "namespace" TEXT NOT NULL,
    "tenant_id" UUID,
    "alert_count" BIGINT NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "cluster_namespaces_pkey" PRIMARY KEY ("cluster_id", "namespace")
);
CREATE INDEX "cluster_namespaces_tenant_id_idx" ON "cluster_namespaces"("tenant_id");

CREATE TABLE "alert_groups" (
    "id" BIGSERIAL NOT NULL,
    "key" BYTEA NOT NULL,
    "fingerprint" BYTEA NOT NULL,
    "segment" "segment" NOT NULL,
    "tenant_id" UUID,
    "cluster_id" UUID,
    "rule" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "identity" JSONB NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    "max_priority" "priority" NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_groups_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alert_groups_key_key" ON "alert_groups"("key");
CREATE INDEX "alert_groups_tenant_id_last_seen_id_idx" ON "alert_groups"("tenant_id", "last_seen" DESC, "id" DESC);
CREATE INDEX "alert_groups_cluster_id_idx" ON "alert_groups"("cluster_id");

CREATE TABLE "alerts" (
    "id" BIGSERIAL NOT NULL,
    "dedup_key" BYTEA NOT NULL,
    "group_id" BIGINT NOT NULL,
    "cluster_id" UUID NOT NULL,
    "tenant_id" UUID,
    "namespace" TEXT,
    "hostname" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "priority" "priority" NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "time_nanos" SMALLINT NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "output" TEXT NOT NULL,
    "output_fields" JSONB NOT NULL,
    "tags" TEXT[],
    "labels" JSONB,
    "sender_uuid" TEXT,
    "proc_name" TEXT,
    "proc_exepath" TEXT,
    "container_image" TEXT,
    "pod_name" TEXT,
    "ka_user_name" TEXT,
    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "alerts_dedup_key_key" ON "alerts"("dedup_key");
CREATE INDEX "alerts_tenant_id_time_id_idx" ON "alerts"("tenant_id", "time" DESC, "id" DESC);
CREATE INDEX "alerts_group_id_time_id_idx" ON "alerts"("group_id", "time" DESC, "id" DESC);
CREATE INDEX "alerts_cluster_id_namespace_idx" ON "alerts"("cluster_id", "namespace");
CREATE INDEX "alerts_time_idx" ON "alerts" USING BRIN ("time");
CREATE INDEX "alerts_proc_name_idx" ON "alerts"("proc_name");
CREATE INDEX "alerts_proc_exepath_idx" ON "alerts"("proc_exepath");
CREATE INDEX "alerts_container_image_idx" ON "alerts"("container_image");
CREATE INDEX "alerts_pod_name_idx" ON "alerts"("pod_name");
CREATE INDEX "alerts_ka_user_name_idx" ON "alerts"("ka_user_name");

ALTER TABLE "ingest_tokens" ADD CONSTRAINT "ingest_tokens_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tenant_namespaces" ADD CONSTRAINT "tenant_namespaces_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cluster_namespaces" ADD CONSTRAINT "cluster_namespaces_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "cluster_namespaces" ADD CONSTRAINT "cluster_namespaces_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "alert_groups" ADD CONSTRAINT "alert_groups_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alert_groups" ADD CONSTRAINT "alert_groups_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "alert_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "setup_tokens" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "used_at" TIMESTAMPTZ(6),
    CONSTRAINT "setup_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "setup_tokens_token_hash_key" ON "setup_tokens"("token_hash");
