/*
 * AWS IoT Core's per-connection publish limit, as the embedded broker's PublishRateLimiter: a token bucket of
 * per_second tokens refilled at per_second a second. One bucket per live connection, keyed by the broker's client
 * pointer (Mosquitto runs plugins on its single main thread, so no locking).
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "gate.h"

#define SLOTS 16384

struct bucket {
	const struct mosquitto *client;
	double tokens;
	double last;
	struct bucket *next;
};

static struct bucket *slots[SLOTS];

static size_t slot_of(const struct mosquitto *client)
{
	uint64_t x = (uint64_t)(uintptr_t)client;
	x ^= x >> 29;
	x *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(x >> 40) % SLOTS;
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct bucket *find(const struct mosquitto *client)
{
	for(struct bucket *b = slots[slot_of(client)]; b; b = b->next){
		if(b->client == client) return b;
	}
	return NULL;
}

void gate_rate_start(const struct mosquitto *client, int per_second)
{
	struct bucket *b = find(client);
	if(!b){
		size_t s = slot_of(client);
		b = calloc(1, sizeof(*b));
		if(!b) return; /* out of memory: that connection is not limited (and the broker is about to fail anyway) */
		b->client = client;
		b->next = slots[s];
		slots[s] = b;
	}
	/* A new connection at a reused address starts with a full bucket. */
	b->tokens = per_second;
	b->last = now_seconds();
}

void gate_rate_forget(const struct mosquitto *client)
{
	struct bucket **link = &slots[slot_of(client)];
	while(*link){
		if((*link)->client == client){
			struct bucket *gone = *link;
			*link = gone->next;
			free(gone);
			return;
		}
		link = &(*link)->next;
	}
}

int gate_rate_take(const struct mosquitto *client, int per_second)
{
	struct bucket *b = find(client);
	double now, tokens;
	if(!b) return -1;
	now = now_seconds();
	tokens = b->tokens + (now - b->last) * per_second;
	b->tokens = tokens > per_second ? per_second : tokens;
	b->last = now;
	if(b->tokens < 1) return 0;
	b->tokens -= 1;
	return 1;
}

void gate_rate_clear(void)
{
	for(size_t s = 0; s < SLOTS; s++){
		while(slots[s]){
			struct bucket *gone = slots[s];
			slots[s] = gone->next;
			free(gone);
		}
	}
}
