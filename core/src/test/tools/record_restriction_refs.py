#!/usr/bin/env python3
"""Records the .ref files of conformance/restriction from a real Postfix 3.7.11.

Usage: record_restriction_refs.py SCRIPT.in...   (run as root on the test machine; the original
main.cf must be saved as /tmp/main.cf.orig first, and is left replaced: copy it back afterwards)

For each script: main.cf is reset to the saved original plus base.cf plus the script's "set"
lines (postconf -e, postfix reload), and every "client" line opens a session on 127.0.0.1:10025
from 127.0.0.254 (an address no script uses), then XCLIENT sets the client name/address (and LOGIN for SASL). Each command's
first reply line is written after the echoed command (every "mail" is preceded by an
unechoed RSET); at the end of a session the smtpd log
lines of that session (NOQUEUE ... and warnings) follow, queue ids written as QUEUEID.
"""
import os
import re
import smtplib
import socket
import subprocess
import sys
import time

LOG = '/var/log/postfix.log'
ORIGINAL = '/tmp/main.cf.orig'
HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, '..', 'resources', 'conformance', 'restriction', 'base.cf')
FIXED = ['smtpd_authorized_xclient_hosts = 127.0.0.0/8', 'content_filter = discard:',
         'smtpd_soft_error_limit = 1000', 'smtpd_hard_error_limit = 1000', 'smtpd_error_sleep_time = 0', 'inet_protocols = all']


def configure(settings):
    subprocess.run(['cp', ORIGINAL, '/etc/postfix/main.cf'], check=True)
    lines = [l for l in open(BASE).read().splitlines() if l.strip() and not l.startswith('#')]
    for line in lines + FIXED + settings:
        subprocess.run(['postconf', '-e', line], check=True)
    subprocess.run(['postfix', 'reload'], check=True, capture_output=True)
    time.sleep(1.5)


def reply(code, text):
    first = text.decode('utf-8', 'replace').split('\n')[0]
    return '%d %s' % (code, first)


def log_lines(start, pid):
    with open(LOG, 'rb') as f:
        f.seek(start)
        data = f.read().decode('utf-8', 'replace')
    out = []
    for line in data.splitlines():
        m = re.match(r'^\S+ +\d+ [\d:]+ \S+ postfix/smtpd\[(\d+)\]: (.*)$', line)
        if not m or (pid and m.group(1) != pid):
            continue
        text = m.group(2)
        text = re.sub(r'^[0-9A-F]{8,}: ', 'QUEUEID: ', text)
        if text.startswith('NOQUEUE: ') or text.startswith('QUEUEID: ') and not text.startswith('QUEUEID: client=') \
                or text.startswith('warning: '):
            out.append('log: ' + text)
    return out


def run(script):
    settings, out, session = [], [], None
    configured = None
    start, pid = 0, ''

    def finish():
        nonlocal session
        if session is None:
            return
        try:
            session.docmd('QUIT')
            session.close()
        except Exception:
            pass
        session = None
        time.sleep(0.6)
        out.extend(log_lines(start, pid))

    for raw in open(script).read().splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        words = line.split()
        if words[0] == 'set':
            finish()
            out.append('>>> ' + line)
            settings.append(line[4:].strip())
            continue
        if words[0] == 'client':
            finish()
        out.append('>>> ' + line)
        if words[0] == 'client':
            if configured != settings:
                configure(settings)
                configured = list(settings)
            start = os.path.getsize(LOG)
            if 'direct' in words[3:]:
                # A real connection from the address (a reverse lookup gives "unknown"): the greeting is the reply.
                session = smtplib.SMTP()
                session.sock = socket.create_connection(('127.0.0.1', 10025), source_address=(words[2], 0))
                out.append(reply(*session.getreply()))
                time.sleep(0.3)
                pid = find_pid(start)
                continue
            session = smtplib.SMTP('127.0.0.1', 10025, source_address=('127.0.0.254', 0), timeout=15)
            session.docmd('EHLO', 'recorder')
            name = '[UNAVAILABLE]' if words[1] == 'unknown' else words[1]
            address = ('IPV6:' + words[2]) if ':' in words[2] else words[2]
            args = 'NAME=%s ADDR=%s' % (name, address)
            for extra in words[3:]:
                if extra.startswith('login='):
                    args += ' LOGIN=' + extra[6:]
            code, text = session.docmd('XCLIENT', args)
            out.append(reply(code, text))
            time.sleep(0.3)
            pid = find_pid(start)
        elif words[0] in ('helo', 'ehlo'):
            out.append(reply(*session.docmd(words[0].upper(), words[1])))
        elif words[0] == 'mail':
            session.docmd('RSET')  # each "mail" starts a new transaction
            out.append(reply(*session.docmd('MAIL', 'FROM:' + words[1])))
        elif words[0] == 'rcpt':
            out.append(reply(*session.docmd('RCPT', 'TO:' + words[1])))
        elif words[0] == 'data':
            code, text = session.docmd('DATA')
            out.append(reply(code, text))
            if code == 354:
                session.send(b'Subject: test\r\n\r\ntest\r\n.\r\n')
                code, text = session.getreply()
                out.append(re.sub(r'queued as [0-9A-F]+', 'queued as QUEUEID', reply(code, text)))
        elif words[0] == 'pipelined':
            # "pipelined mail <s> rcpt <r>": both commands in one write, without waiting.
            session.docmd('RSET')
            session.send(('MAIL FROM:%s\r\nRCPT TO:%s\r\n' % (words[2], words[4])).encode())
            out.append(reply(*session.getreply()))
            out.append(reply(*session.getreply()))
        else:
            raise SystemExit('unknown command: ' + line)
    finish()
    ref = script[:-3] + '.ref'
    with open(ref, 'w') as f:
        f.write('\n'.join(out) + '\n')


def find_pid(start):
    with open(LOG, 'rb') as f:
        f.seek(start)
        data = f.read().decode('utf-8', 'replace')
    pids = re.findall(r'postfix/smtpd\[(\d+)\]: connect from', data)
    return pids[-1] if pids else ''


def prepare():
    """Cyrus SASL (no password database needed: XCLIENT LOGIN does the login) and IPv6 need a restart."""
    os.makedirs('/etc/postfix/sasl', exist_ok=True)
    with open('/etc/postfix/sasl/smtpd.conf', 'w') as f:
        f.write('pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\n')
    configure([])
    subprocess.run(['postfix', 'stop'], capture_output=True)
    time.sleep(1)
    subprocess.run(['postfix', 'start'], check=True, capture_output=True)
    time.sleep(2)


if __name__ == '__main__':
    prepare()
    for script in sys.argv[1:]:
        run(script)
