/* tend-knowledge-panel.h: knowledge-base search and suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "tend-engine.h"
#include "tend-session.h"

G_BEGIN_DECLS

#define TEND_TYPE_KNOWLEDGE_PANEL (tend_knowledge_panel_get_type ())

G_DECLARE_FINAL_TYPE (TendKnowledgePanel, tend_knowledge_panel, TEND, KNOWLEDGE_PANEL, AdwBin)

GtkWidget   *tend_knowledge_panel_new              (void);
TendStore   *tend_knowledge_panel_get_store        (TendKnowledgePanel *self);
void         tend_knowledge_panel_set_store        (TendKnowledgePanel *self,
                                                    TendStore          *store);
TendSession *tend_knowledge_panel_get_session      (TendKnowledgePanel *self);
/* The account of the store: while it is online, its helpdesk's search
 * is asked too, and its answers are merged into the results. NULL (the
 * default, and a cache): the saved articles only. */
void         tend_knowledge_panel_set_session      (TendKnowledgePanel *self,
                                                    TendSession        *session);
TendTicket  *tend_knowledge_panel_get_ticket       (TendKnowledgePanel *self);
/* The ticket whose articles are suggested while the search is empty. */
void         tend_knowledge_panel_set_ticket       (TendKnowledgePanel *self,
                                                    TendTicket         *ticket);
/* Back to the results, and the keyboard focus into the search entry. */
void         tend_knowledge_panel_focus_search     (TendKnowledgePanel *self);
/* Element type TendArticle: the rows of the results list. */
GPtrArray   *tend_knowledge_panel_get_results      (TendKnowledgePanel *self);
/* How many of the results, from the first, are saved articles; those
 * after them only the helpdesk's search found. */
guint        tend_knowledge_panel_get_n_local      (TendKnowledgePanel *self);
/* Whether the results are the open ticket's suggestions (empty search). */
gboolean     tend_knowledge_panel_showing_suggestions (TendKnowledgePanel *self);
/* Opens the preview of @article, as activating its row does. */
void         tend_knowledge_panel_show_article     (TendKnowledgePanel *self,
                                                    TendArticle        *article);
TendArticle *tend_knowledge_panel_get_article      (TendKnowledgePanel *self);

G_END_DECLS
