#!/usr/bin/env python3
"""Records distribution/src/test/resources/conformance/sasl/sessions.ref from a real Postfix 3.7.11.

Usage: record_sasl_refs.py   (as root, on a machine with Postfix 3.7.11 built with Cyrus SASL,
and the packages sasl2-bin and libsasl2-modules; CI never runs this)

It saves /etc/postfix/main.cf, master.cf and sasl/smtpd.conf, configures one smtpd per
listener role of sessions.in (ports 10325-10330 on 127.0.0.1; submission and submission-open
share one, Postfix having no smtpd_sasl_auth_required, chroot off so the sasldb stays
reachable), adds alice@example.test / alice-secret to /etc/sasldb2, replays every session and
writes the transcript; then it puts the saved files back and reloads Postfix.
See sessions.in for the script syntax and the transcript rules.
"""
import base64
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SASL = os.path.join(HERE, '..', '..', '..', '..', 'distribution', 'src', 'test', 'resources', 'conformance', 'sasl')
SCRIPT = os.path.join(SASL, 'sessions.in')
REF = os.path.join(SASL, 'sessions.ref')
SAVED = ['/etc/postfix/main.cf', '/etc/postfix/master.cf', '/etc/postfix/sasl/smtpd.conf']
CERT = '/etc/postfix/jamesfix-sasl-cert.pem'
KEY = '/etc/postfix/jamesfix-sasl-key.pem'

MAIN_CF = [
    'myhostname = mail.example.test', 'mydomain = example.test',
    'mydestination = $myhostname, example.test, localhost', 'mynetworks = 127.0.0.1/32',
    'relay_domains =', 'local_recipient_maps =', 'local_transport = discard', 'default_transport = discard',
    'inet_interfaces = 127.0.0.1', 'inet_protocols = ipv4',
    'smtpd_sasl_type = cyrus', 'smtpd_sasl_path = smtpd', 'smtpd_sasl_auth_enable = yes',
    'smtpd_tls_auth_only = yes', 'smtpd_tls_security_level = may',
    'smtpd_tls_cert_file = ' + CERT, 'smtpd_tls_key_file = ' + KEY,
    'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination',
    # No tar-pit delays or error limits: they change timing, not replies.
    'smtpd_error_sleep_time = 0', 'smtpd_soft_error_limit = 1000', 'smtpd_hard_error_limit = 1000',
]
SUBMISSION = ['smtpd_tls_security_level=encrypt', 'smtpd_relay_restrictions=permit_sasl_authenticated,reject']
LISTENERS = {  # role: (port, master.cf -o settings, implicit TLS)
    'smtp': (10325, [], False),
    'submission': (10326, SUBMISSION, False),
    'submission-open': (10326, SUBMISSION, False),
    'smtps': (10327, ['smtpd_tls_wrappermode=yes', 'smtpd_relay_restrictions=permit_sasl_authenticated,reject'], True),
    'broken': (10329, ['broken_sasl_auth_clients=yes'], False),
    'noauth': (10330, ['smtpd_sasl_auth_enable=no'], False),
}
SMTPD_CONF = 'pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\n'


def configure():
    for name in SAVED:
        if os.path.exists(name):
            shutil.copy2(name, name + '.jamesfix-saved')
        else:
            open(name + '.jamesfix-absent', 'w').close()
    if not os.path.exists(CERT):
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650',
                        '-subj', '/CN=mail.example.test', '-keyout', KEY, '-out', CERT],
                       check=True, capture_output=True)
    for line in MAIN_CF:
        subprocess.run(['postconf', '-e', line], check=True)
    services = {}
    for port, settings, _ in LISTENERS.values():
        services[port] = settings
    with open('/etc/postfix/master.cf', 'a') as master:
        for port, settings in sorted(services.items()):
            master.write('%d inet n - n - - smtpd\n  -o syslog_name=postfix/%d\n' % (port, port))
            for setting in settings:
                master.write('  -o %s\n' % setting)
    os.makedirs('/etc/postfix/sasl', exist_ok=True)
    with open('/etc/postfix/sasl/smtpd.conf', 'w') as conf:
        conf.write(SMTPD_CONF)
    subprocess.run(['saslpasswd2', '-p', '-c', '-u', 'example.test', 'alice'], input=b'alice-secret', check=True)
    subprocess.run(['chgrp', 'sasl', '/etc/sasldb2'], check=True)
    subprocess.run(['chmod', '640', '/etc/sasldb2'], check=True)
    subprocess.run(['usermod', '-a', '-G', 'sasl', 'postfix'], check=True)
    restart()


def restore():
    for name in SAVED:
        if os.path.exists(name + '.jamesfix-saved'):
            shutil.move(name + '.jamesfix-saved', name)
        elif os.path.exists(name + '.jamesfix-absent'):
            os.remove(name + '.jamesfix-absent')
            if os.path.exists(name):
                os.remove(name)
    restart()


def restart():
    subprocess.run(['postfix', 'stop'], capture_output=True)
    subprocess.run(['postfix', 'start'], check=True, capture_output=True)
    time.sleep(1.5)


def expand(line):
    def encode(match):
        text = match.group(1).replace('\\0', '\0')
        return base64.b64encode(text.encode('utf-8')).decode('ascii')
    return re.sub(r'\{([^}]*)\}', encode, line)


def transcript_line(command, lines):
    """The transcript form of one reply (rules in sessions.in)."""
    code = lines[-1][:3]
    verb = command.split(' ')[0].upper()
    if verb == 'EHLO' and code == '250':
        kept = [l[4:] for l in lines[1:] if l[4:] == 'STARTTLS' or l[4:].startswith('AUTH')]
        return '%s EHLO: %s' % (code, ' | '.join(kept) if kept else '-')
    if verb in ('MAIL', 'RCPT', 'RSET') and code.startswith('2'):
        return ' '.join(lines[-1].split(' ')[:2])
    return ' | '.join(lines)


class Connection:
    def __init__(self, port, source, implicit_tls):
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE
        sock = socket.socket()
        sock.bind((source, 0))
        sock.connect(('127.0.0.1', port))
        sock.settimeout(20)
        self.use(self.context.wrap_socket(sock) if implicit_tls else sock)
        self.reply()

    def use(self, sock):
        self.sock = sock
        self.file = sock.makefile('rb')

    def reply(self):
        lines = []
        while True:
            raw = self.file.readline()
            if not raw:
                raise IOError('connection closed after %s' % lines)
            line = raw.decode('utf-8').rstrip('\r\n')
            lines.append(line)
            if len(line) < 4 or line[3] != '-':
                return lines

    def send(self, line):
        self.sock.sendall((line + '\r\n').encode('utf-8'))
        lines = self.reply()
        if line.upper() == 'STARTTLS' and lines[-1].startswith('220'):
            self.use(self.context.wrap_socket(self.sock))
        return lines

    def close(self):
        try:
            self.send('QUIT')
        finally:
            self.sock.close()


def sessions(path):
    current = None
    for raw in open(path, encoding='utf-8').read().splitlines():
        if not raw.strip() or raw.startswith('#'):
            continue
        if raw.startswith('session '):
            words = raw.split()
            current = (raw, words[2], words[3] if len(words) > 3 else '127.0.0.2', [])
            yield current
        else:
            current[3].append(raw)


def record():
    out = ['# Recorded from Postfix 3.7.11 by core/src/test/tools/record_sasl_refs.py; do not edit.']
    for header, role, source, commands in list(sessions(SCRIPT)):
        port, _, implicit_tls = LISTENERS[role]
        out.append('')
        out.append(header)
        connection = Connection(port, source, implicit_tls)
        for command in commands:
            out.append('> ' + command)
            out.append('< ' + transcript_line(command, connection.send(expand(command))))
        connection.close()
    with open(REF, 'w', encoding='utf-8') as ref:
        ref.write('\n'.join(out) + '\n')


def main():
    version = subprocess.run(['postconf', '-h', 'mail_version'], capture_output=True, text=True).stdout.strip()
    if version != '3.7.11':
        sys.exit('need Postfix 3.7.11, found %r' % version)
    configure()
    try:
        record()
    finally:
        restore()


if __name__ == '__main__':
    main()
