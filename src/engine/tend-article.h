/* tend-article.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tend-types.h"

G_BEGIN_DECLS

#define TEND_TYPE_ARTICLE (tend_article_get_type ())
G_DECLARE_FINAL_TYPE (TendArticle, tend_article, TEND, ARTICLE, GObject)

/* A knowledge-base article. Each field is also a property. */
TendArticle        *tend_article_new                (gint64        id);

gint64              tend_article_get_id             (TendArticle  *self);
void                tend_article_set_id             (TendArticle  *self,
                                                     gint64        id);
const char         *tend_article_get_title          (TendArticle  *self);
void                tend_article_set_title          (TendArticle  *self,
                                                     const char   *title);
/* HTML as the helpdesk sent it (untrusted). */
const char         *tend_article_get_body           (TendArticle  *self);
void                tend_article_set_body           (TendArticle  *self,
                                                     const char   *body);
/* Public web address of the article, for "Insert link". */
const char         *tend_article_get_url            (TendArticle  *self);
void                tend_article_set_url            (TendArticle  *self,
                                                     const char   *url);
const char         *tend_article_get_locale         (TendArticle  *self);
void                tend_article_set_locale         (TendArticle  *self,
                                                     const char   *locale);
const char * const *tend_article_get_labels         (TendArticle  *self);
void                tend_article_set_labels         (TendArticle  *self,
                                                     const char * const *labels);
gint64              tend_article_get_section_id     (TendArticle  *self);
void                tend_article_set_section_id     (TendArticle  *self,
                                                     gint64        section_id);
gint64              tend_article_get_created_at     (TendArticle  *self);
void                tend_article_set_created_at     (TendArticle  *self,
                                                     gint64        created_at);
gint64              tend_article_get_updated_at     (TendArticle  *self);
void                tend_article_set_updated_at     (TendArticle  *self,
                                                     gint64        updated_at);
const char         *tend_article_get_extra_json     (TendArticle  *self);
void                tend_article_set_extra_json     (TendArticle  *self,
                                                     const char   *extra_json);

G_END_DECLS
