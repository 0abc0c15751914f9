/* tend-engine.h: the engine's public headers in one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"
#include "tend-ticket.h"
#include "tend-comment.h"
#include "tend-attachment.h"
#include "tend-user.h"
#include "tend-organization.h"
#include "tend-article.h"
#include "tend-macro.h"
#include "tend-changeset.h"
#include "tend-query.h"
#include "tend-store.h"
#include "tend-ticket-list.h"
#include "tend-generator.h"
#include "tend-account.h"
#include "tend-account-list.h"
#include "tend-credentials.h"
#include "tend-html.h"
#include "tend-backend.h"
#include "tend-http.h"
#include "tend-sync.h"
#include "tend-connectivity.h"
#include "tend-outbox-item.h"
#include "tend-outbox.h"
#include "tend-drafts.h"
#include "tend-customer-profile.h"
#include "tend-similar-ticket.h"
#include "tend-store-insights.h"
