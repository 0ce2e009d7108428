-- Governance: people and programs (users, API keys, sessions), projects, policies with their
-- decisions and violations, and the audit log. Row-level security on tenant tables as a second
-- line of defence behind the tenant filter every query carries.

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE INDEX projects_list_idx ON projects (tenant_id, created_at DESC, id DESC);

ALTER TABLE runs ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE SET NULL;
-- Labels the caller attaches to a run (data classification, region, team…): what policies read
-- before the workflow has looked at its input.
ALTER TABLE runs ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
-- The cost forecast of a run before it starts reads the workflow's latest succeeded runs.
CREATE INDEX runs_forecast_idx ON runs (tenant_id, workflow, created_at DESC) WHERE status = 'succeeded';
CREATE INDEX runs_project_idx ON runs (tenant_id, project_id, created_at DESC) WHERE project_id IS NOT NULL;
ALTER TABLE approvals ADD COLUMN project_id uuid REFERENCES projects (id) ON DELETE SET NULL;

CREATE TABLE users (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  -- argon2id (PHC string); null: the user cannot sign in with a password.
  password_hash text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- People sign in with their email alone, so an email names one user across tenants.
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));
CREATE INDEX users_list_idx ON users (tenant_id, created_at DESC, id DESC);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- The visible part of the key (`abk_` and 12 characters): what lists show and lookups use.
  prefix text NOT NULL UNIQUE,
  -- sha256 of the whole key. Keys are 256-bit random secrets, so a fast hash is enough (no argon2).
  secret_hash bytea NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
  project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
  created_by text,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_keys_list_idx ON api_keys (tenant_id, created_at DESC, id DESC);

-- Single-use refresh tokens. A token is replaced by a new one of the same family on every use; a
-- used token presented again means it was stolen, and the whole family is revoked.
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash bytea NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- Secrets every process of one installation shares (the access-token signing key).
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE policies (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  project_id uuid REFERENCES projects (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  phase text NOT NULL CHECK (phase IN ('run.create', 'step.before', 'tool.before', 'llm.before')),
  expression text NOT NULL,
  effect text NOT NULL CHECK (effect IN ('allow', 'deny', 'require_approval')),
  priority integer NOT NULL DEFAULT 0,
  mode text NOT NULL CHECK (mode IN ('enforce', 'shadow')),
  severity text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  -- For require_approval: { reasonCategory, timeoutSeconds, timeoutOutcome, escalateTo }.
  approval jsonb,
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);

CREATE INDEX policies_phase_idx ON policies (tenant_id, phase) WHERE enabled;

CREATE TABLE policy_decisions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phase text NOT NULL,
  effect text NOT NULL CHECK (effect IN ('allow', 'deny', 'require_approval')),
  -- What shadow-mode policies would have made of it.
  shadow_effect text NOT NULL CHECK (shadow_effect IN ('allow', 'deny', 'require_approval')),
  policy_ids uuid[] NOT NULL,
  matched jsonb NOT NULL DEFAULT '[]',
  errors jsonb NOT NULL DEFAULT '[]',
  input_hash text NOT NULL,
  latency_micros double precision NOT NULL,
  run_id uuid,
  step_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX policy_decisions_list_idx ON policy_decisions (tenant_id, created_at DESC, id DESC);

CREATE TABLE violations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  decision_id uuid NOT NULL REFERENCES policy_decisions (id) ON DELETE CASCADE,
  policy_id uuid REFERENCES policies (id) ON DELETE SET NULL,
  policy_name text NOT NULL,
  phase text NOT NULL,
  effect text NOT NULL CHECK (effect IN ('deny', 'require_approval')),
  mode text NOT NULL CHECK (mode IN ('enforce', 'shadow')),
  severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  resolution text,
  updated_by text,
  run_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX violations_list_idx ON violations (tenant_id, created_at DESC, id DESC);

-- Every mutating request: append-only (the trigger below refuses updates and deletes).
CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'local', 'system')),
  actor_id text NOT NULL,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  status_code integer NOT NULL,
  diff jsonb,
  request_id text,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_list_idx ON audit_log (tenant_id, created_at DESC, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

-- Row-level security. The role `agentbus_tenant` sees only the rows of the tenant named by the
-- transaction's `agentbus.tenant_id` setting; request handlers switch to it (SET LOCAL ROLE) for
-- tenant reads, so a query that forgot its tenant filter still returns nothing foreign. The
-- owner of the tables (the server's own login) is not subject to these policies: the queue,
-- sweepers and migrations work across tenants. Roles are cluster-wide: several databases (tests)
-- may create it at once, and a login without CREATEROLE skips it (a notice; isolation then rests
-- on the tenant filter alone).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'agentbus_tenant') THEN
    CREATE ROLE agentbus_tenant NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
  WHEN insufficient_privilege THEN RAISE NOTICE 'cannot create role agentbus_tenant: row-level security is not enforced for this login';
END
$$;

DO $$
DECLARE
  tenant_table text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'agentbus_tenant') THEN
    RETURN;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'agentbus_tenant', 'MEMBER') THEN
    EXECUTE format('GRANT agentbus_tenant TO %I', current_user);
  END IF;
  FOREACH tenant_table IN ARRAY ARRAY['runs', 'approvals', 'artifacts', 'llm_calls', 'budgets', 'projects', 'users',
                                      'api_keys', 'policies', 'policy_decisions', 'violations', 'audit_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO agentbus_tenant USING (tenant_id = current_setting(''agentbus.tenant_id'')::uuid) WITH CHECK (tenant_id = current_setting(''agentbus.tenant_id'')::uuid)', tenant_table);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO agentbus_tenant', tenant_table);
  END LOOP;
  -- Built-in workflows have no tenant and are everyone's.
  ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON workflows TO agentbus_tenant
    USING (tenant_id IS NULL OR tenant_id = current_setting('agentbus.tenant_id')::uuid)
    WITH CHECK (tenant_id = current_setting('agentbus.tenant_id')::uuid);
  GRANT SELECT ON workflows TO agentbus_tenant;
  -- Rows without a tenant column follow their run, which the policy on runs already filters.
  FOREACH tenant_table IN ARRAY ARRAY['steps', 'run_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO agentbus_tenant USING (EXISTS (SELECT 1 FROM runs WHERE runs.id = %I.run_id))', tenant_table, tenant_table);
    EXECUTE format('GRANT SELECT ON %I TO agentbus_tenant', tenant_table);
  END LOOP;
  GRANT SELECT ON tenants, artifact_contents TO agentbus_tenant;
END
$$;

-- Approvals and artifacts belong to their run's tenant (and project), whoever inserts them.
CREATE FUNCTION inherit_run_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT runs.tenant_id INTO NEW.tenant_id FROM runs WHERE runs.id = NEW.run_id;
  IF TG_TABLE_NAME = 'approvals' THEN
    SELECT runs.project_id INTO NEW.project_id FROM runs WHERE runs.id = NEW.run_id;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER approvals_inherit_tenant BEFORE INSERT ON approvals FOR EACH ROW EXECUTE FUNCTION inherit_run_tenant();
CREATE TRIGGER artifacts_inherit_tenant BEFORE INSERT ON artifacts FOR EACH ROW EXECUTE FUNCTION inherit_run_tenant();

-- Escalation, a timeout outcome ({"decision":"escalate","escalateTo":"admin"}): at its deadline the
-- approval stays pending, for that role only, with the same timeout again (once); past that it
-- resolves as a rejection. Null until escalated.
ALTER TABLE approvals ADD COLUMN escalated_to text CHECK (escalated_to IN ('owner', 'admin'));
ALTER TABLE approvals ADD COLUMN escalated_at timestamptz;
-- The inbox: a tenant's pending approvals, soonest deadline first.
CREATE INDEX approvals_inbox_idx ON approvals (tenant_id, deadline, id) WHERE status = 'pending';
