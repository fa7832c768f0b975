/* "Who must approve?" — answers from the policy JSON embedded in the page, the same way as
   `escalation approvers` (macros/analysis/authority.py). Keep the two in step: a browser test compares them. */
(function () {
  "use strict";

  var INPUT_FACTS = ["value", "arr", "segment", "term_months"];
  var FLAGS = { value: "--value", arr: "--arr", segment: "--segment", term_months: "--term-months" };
  var UNIT_LABELS = {
    percent: "Value (%)", money: "Value (amount)", months: "Value (months)", days: "Value (days)",
    count: "Value", none: "",
  };

  function parseNumber(text) {
    if (text === null || text === undefined) return null;
    var cleaned = String(text).replace(/net/i, "").replace(/[\s$€£¥%,]|days?|months?/gi, "");
    if (cleaned === "") return null;
    if (!/^-?(\d+(\.\d+)?|\.\d+)$/.test(cleaned)) return NaN;
    return parseFloat(cleaned);
  }

  function matches(bounds, value) {
    if (value === null || value === undefined) return false;
    if (bounds["in"]) {
      var wanted = bounds["in"].map(function (v) { return String(v).toLowerCase(); });
      return wanted.indexOf(String(value).toLowerCase()) !== -1;
    }
    if (typeof value === "string") return false;
    if ("at_least" in bounds && !(value >= bounds.at_least)) return false;
    if ("above" in bounds && !(value > bounds.above)) return false;
    if ("at_most" in bounds && !(value <= bounds.at_most)) return false;
    if ("below" in bounds && !(value < bounds.below)) return false;
    return true;
  }

  function facts(type, request) {
    var result = { value: request.value, arr: request.arr, segment: request.segment, term_months: request.term_months };
    if (type.money_value === "value") result.money = request.value;
    else if (type.money_value === "percent_of_arr") {
      result.money = request.value !== null && request.arr !== null ? (request.value * request.arr) / 100 : null;
    }
    return result;
  }

  function sources(fact, type) {
    if (fact !== "money") return [fact];
    if (type.money_value === "percent_of_arr") return ["value", "arr"];
    if (type.money_value === "value") return ["value"];
    return ["money"];
  }

  /* null when a test fails; otherwise the list of missing input facts (empty: every test passes). */
  function blockedBy(when, known, type, request) {
    var missing = [];
    var keys = Object.keys(when);
    for (var i = 0; i < keys.length; i++) {
      var fact = keys[i];
      var value = known[fact];
      if (value === null || value === undefined) {
        sources(fact, type).forEach(function (s) {
          if (INPUT_FACTS.indexOf(s) === -1 || request[s] === null) missing.push(s);
        });
        continue;
      }
      if (!matches(when[fact], value)) return null;
    }
    return missing;
  }

  function ordered(list) {
    var seen = {};
    list.forEach(function (f) { seen[f] = true; });
    var inputs = INPUT_FACTS.filter(function (f) { return seen[f]; });
    var others = Object.keys(seen).filter(function (f) { return INPUT_FACTS.indexOf(f) === -1; }).sort();
    return inputs.concat(others);
  }

  // Each level is a list of role ids, any one of which signs it (one id for a single role).
  function chainLevels(type, rule) {
    if (rule.approve_up_to) {
      for (var i = 0; i < type.ladder.length; i++) {
        if (type.ladder[i].indexOf(rule.approve_up_to) !== -1) return type.ladder.slice(0, i + 1);
      }
      return [[rule.approve_up_to]];
    }
    return rule.approvers.slice();
  }

  function levelName(policy, level) {
    var names = level.map(function (role) { return policy.roles[role] || role; });
    if (names.length === 1) return names[0];
    return names.slice(0, -1).join(", ") + " or " + names[names.length - 1];
  }

  function requiredApprovals(policy, request) {
    var type = policy.types.filter(function (t) { return t.id === request.type; })[0];
    var known = facts(type, request);
    var ruleMissing = [];
    var matched = null;
    for (var i = 0; i < type.rules.length; i++) {
      var blocked = blockedBy(type.rules[i].when, known, type, request);
      if (blocked === null) continue;
      if (blocked.length === 0) { matched = type.rules[i]; break; }
      ruleMissing = ruleMissing.concat(blocked);
    }
    var reviewMissing = [];
    var reviews = [];
    type.reviews.forEach(function (review) {
      var blocked = blockedBy(review.when, known, type, request);
      if (blocked === null) return;
      if (blocked.length) { reviewMissing = reviewMissing.concat(blocked); return; }
      reviews.push({ role: review.reviewer, role_name: policy.roles[review.reviewer] || review.reviewer, review: review.id });
    });
    var chain = matched ? chainLevels(type, matched).map(function (level) {
      return { role: level.join("|"), role_name: levelName(policy, level), rule: matched.id };
    }) : [];
    return {
      type: type.id,
      inputs: { value: request.value, arr: request.arr, segment: request.segment, term_months: request.term_months },
      rule: matched ? matched.id : null,
      allowed: matched ? matched.allowed : null,
      chain: chain,
      reviews: reviews,
      missing_facts: ordered(ruleMissing.concat(reviewMissing)),
      no_rule: matched === null,
      _rule: matched,
      _type: type,
    };
  }

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  }

  var FACT_WORDS = { value: "the value", arr: "the account's ARR", segment: "the segment", term_months: "the contract term" };

  /* Who can sign a step (any one of `roles`) on the as-of day, as `escalation approvers` lists them: the people
     holding a role themselves, then delegates in force, each linked to their page, then the covering roles. */
  function holdersOf(policy, roles) {
    var direct = [], delegated = [], seen = {}, covering = [];
    var own = roles.map(function (role) { return policy.roles[role] || role; });
    roles.forEach(function (role) {
      var found = (policy.holders || {})[role] || { people: [], covering: [] };
      found.people.forEach(function (person) {
        if (seen[person.name]) return;
        seen[person.name] = true;
        (person.how ? delegated : direct).push(person);
      });
      found.covering.forEach(function (name) {
        if (covering.indexOf(name) === -1 && own.indexOf(name) === -1) covering.push(name);
      });
    });
    return { people: direct.concat(delegated), covering: covering };
  }

  function orList(names) {
    return names.length === 1 ? names[0] : names.slice(0, -1).join(", ") + " or " + names[names.length - 1];
  }

  function holdersElement(policy, roles) {
    var found = holdersOf(policy, roles);
    var span = document.createElement("span");
    span.className = "ref-holders";
    span.appendChild(document.createTextNode(" — "));
    found.people.forEach(function (person, index) {
      if (index) span.appendChild(document.createTextNode(", "));
      var name = person.href ? text("a", person.name, "ref-person") : text("span", person.name);
      if (person.href) name.setAttribute("href", person.href);
      span.appendChild(name);
      if (person.how) span.appendChild(document.createTextNode(" " + person.how));
    });
    if (found.covering.length) {
      var anyone = "anyone holding " + orList(found.covering);
      span.appendChild(document.createTextNode((found.people.length ? ", or " : "") + anyone));
    }
    if (!found.people.length && !found.covering.length) span.appendChild(document.createTextNode("nobody holds this role"));
    return span;
  }

  function render(policy, result, target) {
    target.textContent = "";
    var plain = {};
    Object.keys(result).forEach(function (k) { if (k.charAt(0) !== "_") plain[k] = result[k]; });
    target.setAttribute("data-result", JSON.stringify(plain));
    var type = result._type;
    var given = INPUT_FACTS.some(function (f) { return result.inputs[f] !== null; });
    if (result.no_rule && !given) {
      target.appendChild(text("p", "Fill in the fields above to see who must approve.", "ref-muted"));
      return;
    }
    if (result.no_rule) {
      var message = "No rule of " + type.name + " matches this request";
      if (result.missing_facts.length) {
        message += "; give " + result.missing_facts.map(function (f) { return FLAGS[f] ? f.replace("_", " ") : f; }).join(", ");
      }
      target.appendChild(text("p", message + ".", "ref-warn"));
    } else if (result.allowed === false) {
      target.appendChild(text("p", "Not permitted: " + (result._rule.description || result._rule.id) + ".", "ref-bad"));
    } else if (!result.chain.length) {
      target.appendChild(text("p", "No approval needed (" + (result._rule.description || result._rule.id) + ").", "ref-good"));
    } else {
      target.appendChild(text("p", "Approvals, in order:"));
      var list = document.createElement("ol");
      list.className = "ref-chain";
      result.chain.forEach(function (step) {
        var item = text("li", step.role_name);
        item.appendChild(holdersElement(policy, step.role.split("|")));  // a level any one of several roles may sign
        list.appendChild(item);
      });
      target.appendChild(list);
    }
    if (result.reviews.length) {
      target.appendChild(text("p", "Reviews added on top:"));
      var reviews = document.createElement("ul");
      reviews.className = "ref-reviews";
      result.reviews.forEach(function (step) {
        var item = text("li", step.role_name + " (" + step.review + ")");
        item.appendChild(holdersElement(policy, [step.role]));
        reviews.appendChild(item);
      });
      target.appendChild(reviews);
    }
    if (!result.no_rule && result.missing_facts.length) {
      var words = result.missing_facts.map(function (f) { return FACT_WORDS[f] || f; });
      var missing = text("p", "Not given, and could change the answer: " + orList(words) + ".", "ref-warn ref-missing");
      missing.setAttribute("data-missing", result.missing_facts.join(" "));
      target.appendChild(missing);
    }
    if (result._rule) {
      target.appendChild(text("p", "Rule " + result._rule.id + (result._rule.description ? ": " + result._rule.description : ""), "ref-muted"));
    }
  }

  function init() {
    var form = document.getElementById("approval-lookup");
    var data = document.getElementById("approval-policy");
    var output = document.getElementById("approval-result");
    if (!form || !data || !output) return;
    var policy = JSON.parse(data.textContent);

    function currentType() {
      var id = form.elements.type.value;
      return policy.types.filter(function (t) { return t.id === id; })[0];
    }

    function showFields() {
      var type = currentType();
      var needed = {};
      type.facts.forEach(function (f) { sources(f, type).forEach(function (s) { needed[s] = true; }); });
      if (type.unit !== "none") needed.value = true;
      Array.prototype.forEach.call(form.querySelectorAll("[data-fact]"), function (label) {
        label.hidden = !needed[label.getAttribute("data-fact")];
      });
      form.querySelector(".ref-lookup-value-label").textContent = UNIT_LABELS[type.unit] || "Value";
    }

    function update() {
      showFields();
      var request = { type: form.elements.type.value, value: null, arr: null, segment: null, term_months: null };
      var invalid = [];
      ["value", "arr", "term_months"].forEach(function (name) {
        var field = form.elements[name];
        if (field.closest("[data-fact]").hidden) return;
        var number = parseNumber(field.value);
        if (number !== null && isNaN(number)) invalid.push(name.replace("_", " "));
        else request[name] = number;
      });
      var segmentLabel = form.elements.segment.closest("[data-fact]");
      if (!segmentLabel.hidden && form.elements.segment.value) request.segment = form.elements.segment.value;
      if (invalid.length) {
        output.textContent = "";
        output.removeAttribute("data-result");
        output.appendChild(text("p", "Not a number: " + invalid.join(", "), "ref-bad"));
        return;
      }
      render(policy, requiredApprovals(policy, request), output);
    }

    var accountField = form.elements.account;
    var accountNote = document.getElementById("approval-account-note");
    var accountList = document.getElementById("approval-accounts");
    if (accountList) {  // each account offered as "Name (ID)"
      (policy.accounts || []).forEach(function (account) {
        var option = document.createElement("option");
        option.value = account.name + " (" + account.id + ")";
        accountList.appendChild(option);
      });
    }

    /* An account chosen by its "Name (ID)", its id or its name fills in its ARR and segment. */
    function prefill() {
      var wanted = accountField.value.trim().toLowerCase();
      if (!wanted) return;
      var account = (policy.accounts || []).filter(function (a) {
        return [a.name + " (" + a.id + ")", a.id, a.name].some(function (v) { return v.toLowerCase() === wanted; });
      })[0];
      if (!account) return;
      form.elements.arr.value = String(account.arr);
      var segment = form.elements.segment;
      var known = Array.prototype.some.call(segment.options, function (o) { return o.value === account.segment; });
      segment.value = known ? account.segment : "";
      var name = known ? segment.options[segment.selectedIndex].text : "not recorded";
      accountNote.textContent = "Filled in from " + account.name + ": ARR " + account.arr.toLocaleString("en") +
        ", segment " + name + ".";
    }

    form.addEventListener("input", function (event) {
      if (accountField && event.target === accountField) prefill();
      update();
    });
    form.addEventListener("change", function (event) {
      if (accountField && event.target === accountField) prefill();
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.hidden = false;
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
