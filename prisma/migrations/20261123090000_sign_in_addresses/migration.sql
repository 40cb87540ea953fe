-- Whether a person has signed in from an address lately: while their account is being guessed
-- from elsewhere, sign-in throttling still lets them in from such addresses (lib/auth/throttle.ts).
-- Asked on every refused guess, so it must not read all of a busy person's audit trail.
CREATE INDEX "audit_events_actor_id_action_ip_at_idx" ON "audit_events"("actor_id", "action", "ip", "at" DESC);
