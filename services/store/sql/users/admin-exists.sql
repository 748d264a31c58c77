-- Whether any admin account exists, enabled or not (the embedded first start creates one only when none does).
-- no parameters
-- returns: present boolean
SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin') AS present
