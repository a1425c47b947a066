/*
 * Device subscriptions, judged by the read rules of the very ACL file Mosquitto loads (rendered from DevicePolicy by
 * MosquittoAcl: subscribe rules are its 'read' lines). Mosquitto's own ACL check grants every SUBSCRIBE and only
 * filters deliveries (security_default.c in 2.0.11); this refuses the SUBACK as the embedded broker and AWS IoT do.
 * A filter is allowed when every topic it can match is matched by one rule: PolicyEvaluator.Covers, on ACL levels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>

#include "gate.h"

struct read_rule {
	char *user;   /* NULL: a 'pattern' line, %u is the username */
	char *topic;
	struct read_rule *next;
};

/* Pattern lines apply to everyone; user blocks are found by name (a fleet registers thousands of things). */
#define USER_SLOTS 8192
static struct read_rule *patterns;
static struct read_rule *users[USER_SLOTS];

static size_t user_slot(const char *user)
{
	size_t h = 5381;
	for(; *user; user++) h = h * 33 + (unsigned char)*user;
	return h % USER_SLOTS;
}

static char *trim(char *s)
{
	char *end;
	while(*s == ' ' || *s == '\t') s++;
	end = s + strlen(s);
	while(end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t')) *--end = '\0';
	return s;
}

static bool add_rule(const char *user, const char *topic)
{
	struct read_rule *rule = calloc(1, sizeof(*rule)), **list;
	if(!rule) return false;
	rule->user = user ? strdup(user) : NULL;
	rule->topic = strdup(topic);
	if((user && !rule->user) || !rule->topic){
		free(rule->user);
		free(rule->topic);
		free(rule);
		return false;
	}
	list = user ? &users[user_slot(user)] : &patterns;
	rule->next = *list;
	*list = rule;
	return true;
}

bool gate_subscribe_load(const char *acl_path)
{
	char line[1024], user[512] = "";
	bool in_user = false;
	int number = 0;
	FILE *f = fopen(acl_path, "r");
	if(!f){
		mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: cannot read plugin_opt_acl_file '%s'", acl_path);
		return false;
	}
	while(fgets(line, sizeof(line), f)){
		char *s = trim(line), *access, *topic;
		number++;
		if(!*s || *s == '#') continue;
		if(!strncmp(s, "user ", 5)){
			snprintf(user, sizeof(user), "%s", trim(s + 5));
			in_user = true;
			continue;
		}
		bool pattern = !strncmp(s, "pattern ", 8);
		if(!pattern && strncmp(s, "topic ", 6)) goto bad;
		access = trim(s + (pattern ? 8 : 6));
		topic = strchr(access, ' ');
		if(!topic) goto bad;
		*topic++ = '\0';
		topic = trim(topic);
		if(strcmp(access, "read") && strcmp(access, "write") && strcmp(access, "readwrite") && strcmp(access, "deny")) goto bad;
		if(strstr(access, "read") && !add_rule(pattern ? NULL : (in_user ? user : ""), topic)){
			fclose(f);
			return false;
		}
	}
	fclose(f);
	return true;
bad:
	mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: %s line %d is '%s' (expected 'user NAME', 'topic ACCESS TOPIC' or 'pattern ACCESS TOPIC')", acl_path, number, line);
	fclose(f);
	return false;
}

/* The next '/'-separated level of *cursor (NULL past the last one); advances the cursor. */
static const char *next_level(const char **cursor, size_t *length)
{
	const char *start = *cursor, *slash;
	if(!start) return NULL;
	slash = strchr(start, '/');
	*length = slash ? (size_t)(slash - start) : strlen(start);
	*cursor = slash ? slash + 1 : NULL;
	return start;
}

static bool level_is(const char *level, size_t length, const char *text)
{
	return strlen(text) == length && !strncmp(level, text, length);
}

static bool covers(const char *rule, const char *username, const char *filter)
{
	const char *r = rule, *f = filter;
	size_t rl, fl;
	const char *rlevel, *flevel;
	while((flevel = next_level(&f, &fl)) != NULL){
		rlevel = next_level(&r, &rl);
		if(!rlevel) return false;
		if(level_is(rlevel, rl, "#")) return true;
		if(level_is(flevel, fl, "#")) return false; /* the filter reaches deeper than a non-'#' rule level */
		if(level_is(rlevel, rl, "+")) continue;
		if(level_is(rlevel, rl, "%u")){
			if(!level_is(flevel, fl, username)) return false;
			continue;
		}
		if(rl != fl || strncmp(rlevel, flevel, fl)) return false;
	}
	return r == NULL;
}

bool gate_subscribe_allowed(const char *username, const char *filter)
{
	if(!username) return false;
	for(const struct read_rule *r = patterns; r; r = r->next){
		if(covers(r->topic, username, filter)) return true;
	}
	for(const struct read_rule *r = users[user_slot(username)]; r; r = r->next){
		if(!strcmp(r->user, username) && covers(r->topic, username, filter)) return true;
	}
	return false;
}

static void free_list(struct read_rule **list)
{
	while(*list){
		struct read_rule *gone = *list;
		*list = gone->next;
		free(gone->user);
		free(gone->topic);
		free(gone);
	}
}

void gate_subscribe_clear(void)
{
	free_list(&patterns);
	for(size_t i = 0; i < USER_SLOTS; i++) free_list(&users[i]);
}
