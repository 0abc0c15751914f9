-- 005-agents.sql: the helpdesk's agents among its users, by name, for the
-- ticket header's assignee menu (tend_store_list_agents()). A store holds
-- tens of thousands of customers and a handful of agents: the menu must
-- not read them all each time a ticket opens.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE INDEX users_agents ON users (name COLLATE NOCASE, id) WHERE role > 0;
