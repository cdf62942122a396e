from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect


class SaveFormMixin:
    """For ModelForm views: save in one transaction, say so, and go to get_success_url()."""

    success_message = "Saved."

    def saved(self, obj) -> None:
        """Hook: runs after the save, inside the same transaction (e.g. to queue a recomputation)."""

    def form_valid(self, form):
        with transaction.atomic():
            self.object = form.save()
            self.saved(self.object)
        messages.success(self.request, self.success_message.format(object=self.object))
        return HttpResponseRedirect(self.get_success_url())
