"""allauth's forms with this site's wording (ACCOUNT_FORMS)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.base.forms import AuthenticateForm as MfaAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MfaReauthenticateForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["login"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["remember"].label = "Keep me signed in on this device"


class _CodeWording:
    """The authenticator code field, as the second step of signing in (and of reauthenticating) asks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = "Code from your authenticator app"
        code.help_text = "The 6 digits the app shows now, or one of your recovery codes."
        code.widget.attrs.update(autocomplete="one-time-code", inputmode="numeric", autocapitalize="none")
        code.widget.attrs.pop("placeholder", None)


class AuthenticateForm(_CodeWording, MfaAuthenticateForm):
    pass


class ReauthenticateForm(_CodeWording, MfaReauthenticateForm):
    pass
