-- Round 2 roles: an organization's own administrator (members, spending threshold, charge confirmation)
-- and the staff of one certification body (a membership in that body's organization).
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'ORG_ADMIN';
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'BODY_STAFF';
