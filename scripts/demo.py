"""Places orders that end in each outcome against a running suite and prints each order's journey.

Everything goes through the gateway: the operator (OPERATOR_TOKEN) adds the products, the customer alice
(CUSTOMER_TOKEN) places, cancels and follows her orders; ./suite demo signs both in. Each order is placed with a
sampled W3C traceparent, so that the suite records its trace whatever its sampling, and the trace's link is printed.
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid

GATEWAY = "http://localhost:8080"
TRACES = "http://localhost:9411/zipkin/traces/"
CUSTOMER = "alice"
CUSTOMER_TOKEN = os.environ["CUSTOMER_TOKEN"]
OPERATOR_TOKEN = os.environ["OPERATOR_TOKEN"]
FINAL = {"CONFIRMED", "REJECTED", "CANCELLED"}
# The trace id each order was placed with.
traces = {}


def call(method, path, body=None, token=CUSTOMER_TOKEN, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(GATEWAY + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token,
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text else None


def add_product(name, price, stock):
    status, body = call("POST", "/products", {"sku": "demo-" + uuid.uuid4().hex[:8], "name": name,
                                              "price": price, "currency": "EUR", "stock": stock}, OPERATOR_TOKEN)
    if status != 201:
        sys.exit(f"could not add a product ({status}): {body}; is the suite up (./suite up)?")
    return body["productId"]


def place(product_id, quantity, token):
    trace_id = uuid.uuid4().hex
    status, body = call("POST", "/orders", {
        "customerId": CUSTOMER, "customerEmail": CUSTOMER + "@example.com",
        "items": [{"productId": product_id, "quantity": quantity}], "paymentToken": token},
        headers={"traceparent": f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"})
    if status != 201:
        sys.exit(f"could not place an order ({status}): {body}")
    traces[body["orderId"]] = trace_id
    return body["orderId"]


def await_final(order_id, patience):
    deadline = time.time() + patience
    while time.time() < deadline:
        status, view = call("GET", "/orders/" + order_id)
        if status == 200 and view["status"] in FINAL:
            return view
        time.sleep(0.5)
    sys.exit(f"order {order_id} did not reach a final status within {patience}s")


def journey(title, order_id, patience=20):
    view = await_final(order_id, patience)
    print(f"\n{title}\n  order {order_id}: {view['status']}" + (f" ({view['reason']})" if view.get("reason") else ""))
    for change in view["history"]:
        print(f"    {change['at']}  {change['status']}")
    status, payment = call("GET", "/payments/" + order_id)
    print("  payment: " + (f"{payment['status']} {payment['amount']} {payment['currency']}"
                           + (f" ({payment['reason']})" if payment.get("reason") else "") if status == 200 else "none"))
    time.sleep(1)
    _, emails = call("GET", "/notifications?orderId=" + order_id)
    for email in emails or []:
        print(f"  email {email['kind']} to {email['to']} at {email['sentAt']}")
    print(f"  trace: {TRACES}{traces[order_id]}")


def main():
    mug = add_product("Demo mug", "12.50", 10)
    journey("Confirmed: paid, stock reserved", place(mug, 2, "tok_visa"))
    journey("Declined card: stock released, order cancelled", place(mug, 1, "tok_declined"))

    last = add_product("Last teapot", "40.00", 1)
    # Both ordered at once: the quote still shows the teapot, and the second reservation finds it taken.
    first, second = place(last, 1, "tok_visa"), place(last, 1, "tok_visa")
    journey("The last teapot, confirmed", first)
    journey("Out of stock: the teapot went to the order before", second)

    waiting = place(mug, 1, "tok_timeout")
    time.sleep(1)
    call("POST", "/orders/" + waiting + "/cancel")
    journey("Cancelled by the customer while the payment was pending", waiting)

    print("\nA provider that never answers: waiting for the payment deadline (30 s by default) ...")
    journey("Payment timeout: stock released, order cancelled", place(mug, 1, "tok_timeout"), patience=90)
    _, product = call("GET", "/products/" + mug)
    print(f"\nStock of the mug now: {product['stock']}")


if __name__ == "__main__":
    main()
