/*
 * methane-gate: a Mosquitto 2.0 broker plugin (plugin API v5) that holds the broker to what the embedded broker and
 * AWS IoT Core enforce and Mosquitto's configuration cannot express (src/Methane.Broker/README.md). Its options are
 * written by src/Methane.Broker/MosquittoConfig.cs from DevicePolicy, ThingName and ServiceIdentity; the topic policy
 * itself stays in the ACL file rendered from DevicePolicy (the plugin defers to it for devices).
 */
#ifndef METHANE_GATE_H
#define METHANE_GATE_H

#include <stdbool.h>
#include <stddef.h>

struct mosquitto;

/* Username given to a service identity: never a device's (a device CN has no ':'), so the ACL file cannot match it. */
#define GATE_SERVICE_USERNAME_PREFIX "service:"

struct gate_config {
	int publishes_per_second;        /* 0: no limit */
	int max_name_length;             /* ThingName.MaxLength */
	char service_usage_oid[128];     /* ServiceIdentity.ServiceUsageOid, dotted */
	char service_publish_prefix[128];/* PolicyEvaluator.ServicePublishPrefix */
	char acl_file[4096];             /* the ACL file rendered from DevicePolicy (its read rules judge subscriptions) */
};

/* identity.c: who a client certificate speaks for, read as src/Methane.Pki/CertificateIdentity.cs reads it. */
struct gate_identity {
	char name[256];
	bool is_service;
};

/* Returns true and fills identity, or false with the reason (for the log) in reason. cert is an X509 *. */
bool gate_identity_read(void *cert, const struct gate_config *config, struct gate_identity *identity, char *reason, size_t reason_size);

/* True when client_id is acceptable for identity: the CN itself, or for a service also "CN-suffix". */
bool gate_client_id_allowed(const struct gate_identity *identity, const char *client_id, const struct gate_config *config);

/* Writes s into out (size out_size) with anything outside printable ASCII as '?', cut to 80 characters. */
void gate_printable(const char *s, char *out, size_t out_size);

/* rate.c: one token bucket per live connection (AWS IoT Core's per-connection publish limit). */
void gate_rate_start(const struct mosquitto *client, int per_second);
void gate_rate_forget(const struct mosquitto *client);
/* 1: allowed, 0: over the rate, -1: no bucket (the client is disconnecting: its will is being sent). */
int gate_rate_take(const struct mosquitto *client, int per_second);
void gate_rate_clear(void);

/* subscribe.c: device SUBSCRIBE requests against the read rules of the generated ACL file. */
bool gate_subscribe_load(const char *acl_path);
bool gate_subscribe_allowed(const char *username, const char *filter);
void gate_subscribe_clear(void);

#endif
