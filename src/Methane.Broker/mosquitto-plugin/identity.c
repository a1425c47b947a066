/*
 * The certificate-identity rule of src/Methane.Pki/CertificateIdentity.cs, for Mosquitto: exactly one CN in the
 * subject (a multi-valued RDN counts each attribute), the CN a thing name (ThingName / TopicNames.IsValidThingName:
 * 1 to max_name_length characters of A-Z a-z 0-9 _ -), and the service role only with the service extended key usage.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "gate.h"

static bool is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void gate_printable(const char *s, char *out, size_t out_size)
{
	size_t n = 0;
	if(out_size == 0) return;
	for(; s && *s && n + 1 < out_size && n < 80; s++){
		unsigned char c = (unsigned char)*s;
		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[n] = '\0';
}

/* Same wording as ThingName.Explain. */
static bool name_valid(const unsigned char *name, int length, int max_length, char *reason, size_t reason_size)
{
	char shown[96];
	if(length <= 0){
		snprintf(reason, reason_size, "certificate CN: thing name is empty (expected 1-%d characters of A-Z a-z 0-9 _ -)", max_length);
		return false;
	}
	if(length > max_length){
		snprintf(reason, reason_size, "certificate CN: thing name is %d characters long (expected at most %d)", length, max_length);
		return false;
	}
	for(int i = 0; i < length; i++){
		if(!is_name_char(name[i])){
			gate_printable((const char *)name, shown, sizeof(shown));
			if(name[i] >= 0x20 && name[i] < 0x7f){
				snprintf(reason, reason_size, "certificate CN: thing name '%s' contains '%c' (expected only A-Z a-z 0-9 _ -)", shown, name[i]);
			}else{
				snprintf(reason, reason_size, "certificate CN: thing name '%s' contains byte 0x%02x (expected only A-Z a-z 0-9 _ -)", shown, name[i]);
			}
			return false;
		}
	}
	return true;
}

static bool has_service_usage(X509 *cert, const char *oid)
{
	char text[128];
	bool found = false;
	EXTENDED_KEY_USAGE *usages = X509_get_ext_d2i(cert, NID_ext_key_usage, NULL, NULL);
	if(!usages) return false;
	for(int i = 0; i < sk_ASN1_OBJECT_num(usages); i++){
		int n = OBJ_obj2txt(text, sizeof(text), sk_ASN1_OBJECT_value(usages, i), 1);
		if(n > 0 && (size_t)n < sizeof(text) && strcmp(text, oid) == 0) found = true;
	}
	sk_ASN1_OBJECT_pop_free(usages, ASN1_OBJECT_free);
	return found;
}

bool gate_identity_read(void *certificate, const struct gate_config *config, struct gate_identity *identity, char *reason, size_t reason_size)
{
	X509 *cert = certificate;
	X509_NAME *subject;
	int count = 0, last = -1, index = -1;
	unsigned char *utf8 = NULL;
	int length;

	if(!cert){
		snprintf(reason, reason_size, "no client certificate");
		return false;
	}
	subject = X509_get_subject_name(cert);
	if(!subject){
		snprintf(reason, reason_size, "certificate has no subject");
		return false;
	}
	while((last = X509_NAME_get_index_by_NID(subject, NID_commonName, last)) >= 0){
		count++;
		index = last;
	}
	if(count != 1){
		char line[256];
		X509_NAME_oneline(subject, line, sizeof(line));
		gate_printable(line, line, sizeof(line));
		snprintf(reason, reason_size, "certificate subject has %d CNs (expected exactly 1): '%s'", count, line);
		return false;
	}
	length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
	if(length < 0){
		snprintf(reason, reason_size, "certificate CN is not a character string");
		return false;
	}
	/* strlen would stop at an embedded NUL; name_valid sees every byte. */
	if(!name_valid(utf8, length, config->max_name_length, reason, reason_size) || (size_t)length >= sizeof(identity->name)){
		OPENSSL_free(utf8);
		return false;
	}
	memcpy(identity->name, utf8, (size_t)length);
	identity->name[length] = '\0';
	OPENSSL_free(utf8);
	identity->is_service = has_service_usage(cert, config->service_usage_oid);
	return true;
}

bool gate_client_id_allowed(const struct gate_identity *identity, const char *client_id, const struct gate_config *config)
{
	size_t n = strlen(identity->name);
	size_t length;
	if(!client_id) return false;
	if(strcmp(client_id, identity->name) == 0) return true;
	/* A service may run several clients (two pipelines, an observer next to them): CN-suffix, still a valid name. */
	if(!identity->is_service || strncmp(client_id, identity->name, n) != 0 || client_id[n] != '-') return false;
	length = strlen(client_id);
	if(length > (size_t)config->max_name_length) return false;
	for(size_t i = 0; i < length; i++){
		if(!is_name_char((unsigned char)client_id[i])) return false;
	}
	return true;
}
