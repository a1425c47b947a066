/*
 * Plugin entry points and the broker's hooks (mosquitto 2.0, plugin API v5):
 * - MOSQ_EVT_BASIC_AUTH (called for every CONNECT when the listener does not set use_identity_as_username): the
 *   certificate identity (identity.c), client id = CN, username := CN (the ACL file's %u and user blocks), or
 *   "service:CN" for a certificate with the service extended key usage (the ACL file never names it).
 * - MOSQ_EVT_ACL_CHECK: the publish rate of every connection (over it: disconnected, as AWS IoT does with reason
 *   THROTTLED), the service role, device subscriptions (subscribe.c); device publishes and deliveries are deferred to
 *   the ACL file rendered from DevicePolicy.
 * - MOSQ_EVT_DISCONNECT: forgets the connection's rate bucket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#include "gate.h"

static mosquitto_plugin_id_t *plugin_id;
static struct gate_config config;

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for(int i = 0; i < supported_version_count; i++){
		if(supported_versions[i] == 5) return 5;
	}
	return -1;
}

static int on_basic_auth(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_basic_auth *ed = event_data;
	struct gate_identity identity;
	char reason[512], shown_id[96], username[sizeof(identity.name) + sizeof(GATE_SERVICE_USERNAME_PREFIX)];
	const char *client_id = mosquitto_client_id(ed->client);
	X509 *cert = mosquitto_client_certificate(ed->client);
	bool ok = gate_identity_read(cert, &config, &identity, reason, sizeof(reason));
	(void)event;
	(void)userdata;
	if(cert) X509_free(cert);

	gate_printable(client_id, shown_id, sizeof(shown_id));
	if(ok && !gate_client_id_allowed(&identity, client_id, &config)){
		snprintf(reason, sizeof(reason), "client id '%s' is not the certificate CN '%s'%s", shown_id, identity.name,
				identity.is_service ? " (a service may also use CN-suffix)" : "");
		ok = false;
	}
	if(!ok){
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "methane-gate: CONNECT refused for client id '%s' from %s: %s",
				shown_id, mosquitto_client_address(ed->client), reason);
		return MOSQ_ERR_AUTH;
	}
	snprintf(username, sizeof(username), "%s%s", identity.is_service ? GATE_SERVICE_USERNAME_PREFIX : "", identity.name);
	if(mosquitto_set_username(ed->client, username) != MOSQ_ERR_SUCCESS) return MOSQ_ERR_AUTH;
	if(config.publishes_per_second > 0) gate_rate_start(ed->client, config.publishes_per_second);
	return MOSQ_ERR_SUCCESS;
}

static int service_access(const struct mosquitto_evt_acl_check *ed)
{
	if(ed->access != MOSQ_ACL_WRITE) return MOSQ_ERR_SUCCESS; /* read, subscribe, unsubscribe: everything */
	if(ed->retain) return MOSQ_ERR_ACL_DENIED;
	return strncmp(ed->topic, config.service_publish_prefix, strlen(config.service_publish_prefix)) == 0
		? MOSQ_ERR_SUCCESS : MOSQ_ERR_ACL_DENIED;
}

static int on_acl_check(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_acl_check *ed = event_data;
	const char *username = mosquitto_client_username(ed->client);
	(void)event;
	(void)userdata;

	if(ed->access == MOSQ_ACL_WRITE && config.publishes_per_second > 0
			&& gate_rate_take(ed->client, config.publishes_per_second) == 0){
		const char *id = mosquitto_client_id(ed->client);
		char shown[96];
		gate_printable(id, shown, sizeof(shown));
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "methane-gate: '%s' published over %d messages/s: disconnected (AWS IoT: THROTTLED), publish to '%s' not delivered",
				shown, config.publishes_per_second, ed->topic);
		/* Safe inside the check: the context is only marked disconnected and freed later by the main loop. The
		 * publish gets no acknowledgement (the socket is closed), so a device keeps it in its outbox. */
		gate_rate_forget(ed->client);
		if(id) mosquitto_kick_client_by_clientid(id, true);
		return MOSQ_ERR_ACL_DENIED;
	}
	if(username && strncmp(username, GATE_SERVICE_USERNAME_PREFIX, strlen(GATE_SERVICE_USERNAME_PREFIX)) == 0){
		return service_access(ed);
	}
	if(ed->access == MOSQ_ACL_SUBSCRIBE && !gate_subscribe_allowed(username, ed->topic)){
		char shown[96];
		gate_printable(username, shown, sizeof(shown));
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "methane-gate: SUBSCRIBE refused for '%s' to '%s' (allowed: its own shadow, jobs and command topics)", shown, ed->topic);
		return MOSQ_ERR_ACL_DENIED;
	}
	return MOSQ_ERR_PLUGIN_DEFER;
}

static int on_disconnect(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_disconnect *ed = event_data;
	(void)event;
	(void)userdata;
	gate_rate_forget(ed->client);
	return MOSQ_ERR_SUCCESS;
}

static bool parse_int(const char *key, const char *value, int min, int max, int *out)
{
	char *end = NULL;
	long v = strtol(value, &end, 10);
	if(!*value || *end || v < min || v > max){
		mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: plugin_opt_%s is '%s' (expected an integer from %d to %d)", key, value, min, max);
		return false;
	}
	*out = (int)v;
	return true;
}

static bool parse_text(const char *key, const char *value, char *out, size_t out_size)
{
	if(!*value || strlen(value) >= out_size){
		mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: plugin_opt_%s is '%s' (expected 1 to %zu characters)", key, value, out_size - 1);
		return false;
	}
	strcpy(out, value);
	return true;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	memset(&config, 0, sizeof(config));
	config.publishes_per_second = -1;
	config.max_name_length = -1;
	for(int i = 0; i < option_count; i++){
		const char *key = options[i].key, *value = options[i].value ? options[i].value : "";
		bool ok;
		if(!strcmp(key, "publishes_per_second")) ok = parse_int(key, value, 0, 1000000, &config.publishes_per_second);
		else if(!strcmp(key, "max_name_length")) ok = parse_int(key, value, 1, 255, &config.max_name_length);
		else if(!strcmp(key, "service_usage_oid")) ok = parse_text(key, value, config.service_usage_oid, sizeof(config.service_usage_oid));
		else if(!strcmp(key, "service_publish_prefix")) ok = parse_text(key, value, config.service_publish_prefix, sizeof(config.service_publish_prefix));
		else if(!strcmp(key, "acl_file")) ok = parse_text(key, value, config.acl_file, sizeof(config.acl_file));
		else{
			mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: unknown option plugin_opt_%s (expected publishes_per_second, max_name_length, service_usage_oid, service_publish_prefix, acl_file)", key);
			ok = false;
		}
		if(!ok) return MOSQ_ERR_INVAL;
	}
	if(config.publishes_per_second < 0 || config.max_name_length < 0 || !config.service_usage_oid[0] || !config.service_publish_prefix[0] || !config.acl_file[0]){
		mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: missing option (expected plugin_opt_publishes_per_second, plugin_opt_max_name_length, plugin_opt_service_usage_oid, plugin_opt_service_publish_prefix and plugin_opt_acl_file)");
		return MOSQ_ERR_INVAL;
	}
	if(!gate_subscribe_load(config.acl_file)) return MOSQ_ERR_INVAL;
	plugin_id = identifier;
	if(mosquitto_callback_register(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL, NULL)
			|| mosquitto_callback_register(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL, NULL)
			|| mosquitto_callback_register(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL, NULL)){
		mosquitto_log_printf(MOSQ_LOG_ERR, "methane-gate: could not register its callbacks");
		return MOSQ_ERR_UNKNOWN;
	}
	mosquitto_log_printf(MOSQ_LOG_INFO, "methane-gate: %d publishes/s per connection, names up to %d characters, service usage %s may publish under '%s'",
			config.publishes_per_second, config.max_name_length, config.service_usage_oid, config.service_publish_prefix);
	return MOSQ_ERR_SUCCESS;
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)userdata;
	(void)options;
	(void)option_count;
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_BASIC_AUTH, on_basic_auth, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
	mosquitto_callback_unregister(plugin_id, MOSQ_EVT_DISCONNECT, on_disconnect, NULL);
	gate_rate_clear();
	gate_subscribe_clear();
	return MOSQ_ERR_SUCCESS;
}
