# SPDX-License-Identifier: GPL-3.0-or-later
# "Another client" for the sync interop tests (OtherImapClient.h): one imaplib session that
# changes the mailbox behind Magpie's back, running the given steps in order.
#   other_imap_client.py PORT USER PASSWORD STEP...
# Steps: create:F  delete:F  select:F  append:F,FIRST,LAST  flag:UIDS  seen:UIDS
#        expunge:UIDS  uids (prints "UIDS a b c" for the selected folder).
# Message n has Subject "Message n" and Message-ID <mN@example.test>.
import imaplib
import sys

port, user, password, steps = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]


def message(n):
    return ("From: Alice <alice@example.test>\r\nTo: <%s>\r\n"
            "Subject: Message %d\r\nDate: Mon, 01 Jan 2024 10:00:%02d +0000\r\n"
            "Message-ID: <m%d@example.test>\r\n\r\nBody %d\r\n"
            % (user, n, n % 60, n, n)).encode()


def check(result):
    if result[0] != 'OK':
        sys.exit('imaplib: %r' % (result,))
    return result[1]


imap = imaplib.IMAP4('127.0.0.1', port)
check(imap.login(user, password))
for step in steps:
    verb, _, argument = step.partition(':')
    if verb == 'create':
        check(imap.create(argument))
    elif verb == 'delete':
        check(imap.delete(argument))
    elif verb == 'select':
        check(imap.select(argument))
    elif verb == 'append':
        folder, first, last = argument.split(',')
        for n in range(int(first), int(last) + 1):
            check(imap.append(folder, None, None, message(n)))
    elif verb == 'flag':
        check(imap.uid('STORE', argument, '+FLAGS', '(\\Flagged)'))
    elif verb == 'seen':
        check(imap.uid('STORE', argument, '+FLAGS', '(\\Seen)'))
    elif verb == 'expunge':
        # Nothing else in the folder is \Deleted, so EXPUNGE takes exactly these.
        check(imap.uid('STORE', argument, '+FLAGS', '(\\Deleted)'))
        check(imap.expunge())
    elif verb == 'uids':
        print('UIDS ' + check(imap.uid('SEARCH', 'ALL'))[0].decode())
    else:
        sys.exit('unknown step ' + step)
imap.logout()
