-- Nothing looks alerts up by their suppression rule alone (rules are never deleted, and the lists
-- ask for suppressed alerts of a tenant, which alerts_suppressed_idx answers), yet every stored
-- alert, suppressed or not, paid for an entry in this index.
DROP INDEX "alerts_suppressed_by_idx";
