// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"

#include <QDialog>

#include <memory>

namespace magpie::app {

class MailSession;

// Account setup (DESIGN.md, App; issue 7 "Account setup"), on first run and from Settings >
// Accounts > Add: name, address and password; Magpie proposes servers (the bundled provider
// list, then autoconfig XML and RFC 6186 SRV records when the network allows, then common
// host names), tests the proposal (TLS, login) with progress shown, and lets the person edit
// everything by hand. On accept the account is saved through MailSession::saveAccount and its
// password through MailSession::setPassword.
//
// The form is ui/AccountSetupDialog.ui. "Find Settings" (or leaving the address field) looks
// the servers up; "Test" logs in without saving; OK tests what is shown unless that exact
// setting already passed, then saves. An untrusted certificate is never accepted silently:
// the person may trust that one certificate (its SHA-256 is pinned on the server's settings).
class AccountSetupDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AccountSetupDialog(MailSession &session, QWidget *parent = nullptr);
    ~AccountSetupDialog() override;

    // The account saved (valid once the dialog was accepted).
    sync::AccountConfig account() const;

    // Off: only the bundled provider list is asked, no DNS or HTTPS (tests; a profile that
    // must stay offline).
    void setNetworkLookupsAllowed(bool allowed);

    void accept() override;
    void reject() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
