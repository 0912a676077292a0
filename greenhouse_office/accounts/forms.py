"""allauth's forms with this site's wording (ACCOUNT_FORMS)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.base.forms import AuthenticateForm as MfaAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MfaReauthenticateForm
from django.core.validators import MaxLengthValidator

from .adapter import LONGEST_LOGIN


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["login"].max_length = LONGEST_LOGIN  # no account has a longer one
        self.fields["login"].validators.append(MaxLengthValidator(LONGEST_LOGIN))
        self.fields["login"].widget.attrs.update(autocomplete="username", autocapitalize="none")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["remember"].label = "Keep me signed in on this device"


class SignupForm(AllauthSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the labels say it; a placeholder only repeats them
            field.widget.attrs.pop("placeholder", None)
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We send a link to it: follow the link to confirm the address."
        self.fields[
            "username"
        ].help_text = "You sign in with it or with your email address. Letters, digits and @ . + - _ only."
        self.fields["password2"].label = "Password (again)"


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
