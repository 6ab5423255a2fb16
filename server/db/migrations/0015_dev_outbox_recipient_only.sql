-- Mail that hands its recipient a way into their account (a password reset link) is shown in the dev
-- outbox to that recipient only, never to the account's admins: an admin reading the owner's reset
-- link could take the owner's account over. Row-level security is unchanged (account_id, security.sql).
ALTER TABLE dev_outbox ADD COLUMN recipient_only boolean NOT NULL DEFAULT false;
UPDATE dev_outbox SET recipient_only = true WHERE message_id LIKE '<password-reset.%';
