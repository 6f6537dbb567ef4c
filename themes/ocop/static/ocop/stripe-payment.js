// Card payment with Stripe's Payment Element. The order is confirmed by Stripe's signed
// webhook, not by this page: if the browser closes after paying, nothing is lost.
(function () {
  "use strict";
  var form = document.getElementById("stripe-form");
  if (!form || typeof Stripe === "undefined") return;
  var stripe = Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create("payment").mount("#stripe-payment-element");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    stripe.confirmPayment({ elements: elements, confirmParams: { return_url: form.dataset.returnUrl } })
      .then(function (result) {
        if (result.error) document.getElementById("stripe-message").textContent = result.error.message;
      });
  });
})();
